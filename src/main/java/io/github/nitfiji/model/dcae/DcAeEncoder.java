package io.github.nitfiji.model.dcae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.WeightsMismatchException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The encoder half of a diffusers {@code AutoencoderDC} (SANA layout): image [B, 3, H, W] in
 * [-1, 1] to latent [B, latentC, H/32, W/32] (before the scaling factor). Bound to the diffusers
 * keys {@code encoder.conv_in}, {@code encoder.down_blocks.<stage>.<n>}, {@code encoder.conv_out}.
 * Owns its weights until {@link #close()}; precision as in {@link DcAeDecoder}.
 */
public final class DcAeEncoder implements AutoCloseable {
    private static final String PREFIX = "encoder.";

    private final DcAeConfig config;
    private final DcAeNetwork network;

    private DcAeEncoder(DcAeConfig config, DcAeNetwork network) {
        this.config = config;
        this.network = network;
    }

    /** Loads the encoder tensors of a diffusers checkpoint, reporting all problems at once. */
    public static DcAeEncoder load(DcAeConfig config, SafetensorsFile weights, Device device, DataType precision)
            throws IOException {
        return new DcAeEncoder(config, DcAeNetwork.load(new SafetensorsWeights(weights), PREFIX, describe(config),
                layersOf(config), device, precision));
    }

    /** Binds to arrays keyed like the checkpoint; the arrays stay the caller's (they are copied). */
    public static DcAeEncoder fromArrays(DcAeConfig config, Map<String, NDArray> weights, Device device,
                                         DataType precision) throws WeightsMismatchException {
        return new DcAeEncoder(config, DcAeNetwork.fromArrays(weights, PREFIX, describe(config), layersOf(config),
                device, precision));
    }

    /** Seeded random weights of the right shapes, for benchmarks. */
    public static DcAeEncoder random(DcAeConfig config, Device device, DataType precision, long seed) {
        return new DcAeEncoder(config, DcAeNetwork.random(layersOf(config), device, precision, seed));
    }

    private static String describe(DcAeConfig config) {
        return "the DC-AE encoder of " + config;
    }

    private static DcAeNetwork.Layers layersOf(DcAeConfig config) {
        return (w, normEps, attentionEps) -> layers(config, w, normEps, attentionEps);
    }

    /** The forward pass as a list of steps, highest resolution first. */
    static List<Block> layers(DcAeConfig config, WeightBinder w, NDArray normEps, NDArray attentionEps) {
        DcAeStages stages = config.encoder();
        int n = stages.count();
        List<Block> steps = new ArrayList<>();
        ConvLayer convIn = ConvLayer.conv(w, PREFIX + "conv_in", config.inChannels(), stages.channels(0), 3, 1, 1,
                true);
        // channels-last from the start: the full-resolution ResBlocks run faster on it
        steps.add(x -> Scoped.consume(ChannelsLast.copyOf(x), convIn::apply));
        for (int i = 0; i < n; i++) {
            String stage = PREFIX + "down_blocks." + i + ".";
            for (int b = 0; b < stages.layers(i); b++) {
                steps.add(Block.ofType(stages.blockType(i), w, stage + b, stages.channels(i),
                        config.attentionHeadDim(), stages.qkvMultiscales(i), normEps, attentionEps));
            }
            if (i < n - 1) {
                steps.add(new DownBlock(w, stage + stages.layers(i), stages.channels(i), stages.channels(i + 1)));
            }
        }
        ConvLayer convOut = ConvLayer.conv(w, PREFIX + "conv_out", stages.deepestChannels(),
                config.latentChannels(), 3, 1, 1, true);
        int groupSize = stages.deepestChannels() / config.latentChannels();
        steps.add(x -> {
            try (NDArray shortcut = ChannelGroups.groupMean(x, groupSize)) {
                return Scoped.consume(convOut.apply(x).addi(shortcut), ChannelsLast::contiguous);
            }
        });
        return steps;
    }

    /**
     * Encodes images; {@code image} is not modified or closed and may live on any device.
     *
     * @param image [B, inChannels, H, W] in [-1, 1], H and W multiples of 32
     * @param resultManager owns the returned array, which is on its device
     * @return float32 latent [B, latentChannels, H/32, W/32], not multiplied by the scaling factor
     */
    public NDArray encode(NDArray image, NDManager resultManager) {
        checkImage(image.getShape());
        return network.run(image, resultManager);
    }

    private void checkImage(Shape s) {
        int f = config.spatialCompression();
        if (s.dimension() != 4 || s.get(1) != config.inChannels()) {
            throw new IllegalArgumentException("image must be [batch, " + config.inChannels()
                    + ", height, width], found shape " + s);
        }
        if (s.get(0) < 1 || s.get(2) < f || s.get(3) < f || s.get(2) % f != 0 || s.get(3) % f != 0) {
            throw new IllegalArgumentException("image size " + s.get(3) + " x " + s.get(2)
                    + " is not a positive multiple of " + f + " in both directions; pad or crop it first");
        }
    }

    /**
     * As {@link #encode(NDArray, NDManager)}, reporting the wall time of each step in order: conv_in,
     * then per stage from full resolution down, its residual blocks and its down-sampling block
     * (all but the deepest stage), then conv_out with its shortcut. Each step waits for the device,
     * so this is for profiling only.
     */
    public NDArray encodeProfiled(NDArray image, NDManager resultManager, DoubleConsumer stepMillis) {
        checkImage(image.getShape());
        return network.run(image, resultManager, stepMillis);
    }

    /** The same as {@code encode(image, image.getManager())}. */
    public NDArray encode(NDArray image) {
        return encode(image, image.getManager());
    }

    public DcAeConfig config() {
        return config;
    }

    @Override
    public void close() {
        network.close();
    }
}
