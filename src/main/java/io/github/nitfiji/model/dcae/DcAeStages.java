package io.github.nitfiji.model.dcae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The per-resolution stages of one side (encoder or decoder) of a DC-AE, highest resolution
 * first: stage i works at 1 / 2^i of the image size (stage 0 at full size, the last stage at latent
 * size). Stage i runs {@link #layers(int)} blocks of
 * {@link #blockType(int)} with {@link #channels(int)} channels; neighbouring stages are joined by
 * a 2x down or up block.
 */
public final class DcAeStages {
    /** The two block kinds of {@code AutoencoderDC}, with their diffusers config names. */
    public enum BlockType {
        RES_BLOCK("ResBlock"),
        EFFICIENT_VIT_BLOCK("EfficientViTBlock");

        private final String configName;

        BlockType(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static BlockType fromConfigName(String name) {
            for (BlockType t : values()) {
                if (t.configName.equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    private final int[] channels;
    private final int[] layers;
    private final List<BlockType> blockTypes;
    private final List<int[]> qkvMultiscales;

    DcAeStages(int[] channels, int[] layers, List<BlockType> blockTypes, List<int[]> qkvMultiscales) {
        this.channels = channels.clone();
        this.layers = layers.clone();
        this.blockTypes = Collections.unmodifiableList(new ArrayList<>(blockTypes));
        List<int[]> scales = new ArrayList<>();
        for (int[] s : qkvMultiscales) {
            scales.add(s.clone());
        }
        this.qkvMultiscales = Collections.unmodifiableList(scales);
    }

    public int count() {
        return channels.length;
    }

    public int channels(int stage) {
        return channels[stage];
    }

    /** Channels of the lowest-resolution stage, the one next to the latent. */
    public int deepestChannels() {
        return channels[channels.length - 1];
    }

    public int layers(int stage) {
        return layers[stage];
    }

    public BlockType blockType(int stage) {
        return blockTypes.get(stage);
    }

    /** Kernel sizes of the extra q/k/v aggregation branches of an EfficientViT stage. */
    public int[] qkvMultiscales(int stage) {
        return qkvMultiscales.get(stage).clone();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count(); i++) {
            s.append(i == 0 ? "" : ", ").append(blockType(i).configName()).append(" x").append(layers[i])
                    .append(" @").append(channels[i]);
            if (blockType(i) == BlockType.EFFICIENT_VIT_BLOCK) {
                s.append(" scales ").append(Arrays.toString(qkvMultiscales.get(i)));
            }
        }
        return s.toString();
    }
}
