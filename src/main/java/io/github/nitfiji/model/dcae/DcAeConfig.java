package io.github.nitfiji.model.dcae;

import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.JsonFormatException;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.StrictJson;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.dcae.DcAeStages.BlockType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The architecture of a diffusers {@code AutoencoderDC}, read from its {@code config.json}.
 *
 * <p>Two decoder layouts of the SANA latent space are supported: the SANA DC-AEs (f32c32
 * sana-1.0/1.1: nearest-interpolation up blocks, ReLU before the output conv) and DC-AE-Lite
 * (pixel-shuffle up blocks, ResBlocks only, no blocks at full size so that the output conv is itself
 * a pixel-shuffle up block, SiLU before it). Both have strided-conv down blocks, RMSNorm + SiLU
 * blocks and both latent shortcuts. Anything else is rejected with the field, the value found and
 * what is supported, instead of silently building a different network. Absent fields take
 * diffusers' defaults, as {@code AutoencoderDC.from_pretrained} would.
 */
public final class DcAeConfig {
    /** How the decoder doubles the resolution ({@code upsample_block_type}). */
    public enum Upsampling {
        /** conv3x3(nearest 2x upsample(x)): the SANA DC-AEs. */
        INTERPOLATE("interpolate"),
        /** pixel_shuffle(conv3x3(x) to 4x channels): DC-AE-Lite (and diffusers' default). */
        PIXEL_SHUFFLE("pixel_shuffle");

        private final String configName;

        Upsampling(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /** The activation before the decoder's output conv ({@code decoder_conv_act_fn}). */
    public enum OutputActivation {
        RELU("relu"),
        SILU("silu");

        private final String configName;

        OutputActivation(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    private final int inChannels;
    private final int latentChannels;
    private final int attentionHeadDim;
    private final DcAeStages encoder;
    private final DcAeStages decoder;
    private final double scalingFactor;
    private final Upsampling upsampling;
    private final OutputActivation outputActivation;

    private DcAeConfig(int inChannels, int latentChannels, int attentionHeadDim, DcAeStages encoder,
                       DcAeStages decoder, double scalingFactor, Upsampling upsampling,
                       OutputActivation outputActivation) {
        this.inChannels = inChannels;
        this.latentChannels = latentChannels;
        this.attentionHeadDim = attentionHeadDim;
        this.encoder = encoder;
        this.decoder = decoder;
        this.scalingFactor = scalingFactor;
        this.upsampling = upsampling;
        this.outputActivation = outputActivation;
    }

    /** Parses the text of a diffusers {@code config.json}; throws {@link ModelConfigException} naming the field. */
    public static DcAeConfig fromJson(String json) {
        return fromJson(json, "DC-AE config");
    }

    /** As {@link #fromJson(String)}, naming {@code source} (a file, a card) in every error. */
    public static DcAeConfig fromJson(String json, String source) {
        try {
            return new Parser(StrictJson.parseObject(json, source)).parse();
        } catch (JsonFormatException e) {
            throw new ModelConfigException(e.getMessage(), e);
        }
    }

    public static DcAeConfig fromFile(Path configJson) throws IOException {
        return fromJson(new String(Files.readAllBytes(configJson), StandardCharsets.UTF_8), configJson.toString());
    }

    /** Reads the config stored as JSON text under {@code __metadata__.config} of a weights file. */
    public static DcAeConfig fromWeights(SafetensorsFile weights) {
        String json = weights.metadata().get("config");
        if (json == null) {
            throw new ModelConfigException(weights.path() + ": no DC-AE config in the file's __metadata__"
                    + " (key 'config'); pass the model's config.json with DcAeConfig.fromFile instead");
        }
        return fromJson(json, weights.path() + " __metadata__.config");
    }

    /** Image channels (3 for RGB). */
    public int inChannels() {
        return inChannels;
    }

    public int latentChannels() {
        return latentChannels;
    }

    public int attentionHeadDim() {
        return attentionHeadDim;
    }

    public DcAeStages encoder() {
        return encoder;
    }

    public DcAeStages decoder() {
        return decoder;
    }

    /** The decoder's up blocks (and, when stage 0 has no blocks, its output conv). */
    public Upsampling upsampling() {
        return upsampling;
    }

    public OutputActivation outputActivation() {
        return outputActivation;
    }

    /**
     * Whether the decoder has blocks at full size. Without them (DC-AE-Lite) it ends at half size
     * and its output conv is a pixel-shuffle (or interpolating) up block without shortcut.
     */
    public boolean decoderHasFullSizeStage() {
        return decoder.layers(0) > 0;
    }

    /** Image pixels per latent pixel along each axis: 2^(stages - 1), 32 for f32 models. */
    public int spatialCompression() {
        return 1 << (decoder.count() - 1);
    }

    /** The diffusion model works on latent * scalingFactor; decode expects latent / scalingFactor. */
    public double scalingFactor() {
        return scalingFactor;
    }

    @Override
    public String toString() {
        return "DcAeConfig{in " + inChannels + ", latent " + latentChannels + ", head dim " + attentionHeadDim
                + ", encoder [" + encoder + "], decoder [" + decoder + "], up " + upsampling.configName()
                + ", out " + outputActivation.configName() + ", scaling " + scalingFactor + "}";
    }

    /**
     * Checks one config object against the SANA layout. Types and absent fields are
     * {@link JsonFields}' business; the errors raised here are about values and the agreement
     * between fields, and name them too.
     */
    private static final class Parser {
        private final JsonFields o;

        Parser(JsonFields o) {
            this.o = o;
        }

        DcAeConfig parse() {
            int in = positiveInt("in_channels", 3);
            int latent = positiveInt("latent_channels", 32);
            int headDim = positiveInt("attention_head_dim", 32);
            DcAeStages enc = stages("encoder", new int[] {2, 2, 2, 3, 3, 3}, false);
            DcAeStages dec = stages("decoder", new int[] {3, 3, 3, 3, 3, 3}, true);
            if (enc.count() != dec.count()) {
                throw o.error("encoder_block_out_channels has " + enc.count()
                        + " stages but decoder_block_out_channels has " + dec.count()
                        + "; both sides must share one spatial compression");
            }
            Upsampling up = oneOf("upsample_block_type", Upsampling.PIXEL_SHUFFLE, Upsampling.values(),
                    Upsampling::configName);
            requireString("downsample_block_type", "pixel_unshuffle", "Conv");
            requireEveryStage("decoder_norm_types", dec.count(), "rms_norm");
            requireEveryStage("decoder_act_fns", dec.count(), "silu");
            OutputActivation out = oneOf("decoder_conv_act_fn", OutputActivation.RELU, OutputActivation.values(),
                    OutputActivation::configName);
            requireTrue("encoder_out_shortcut");
            requireTrue("decoder_in_shortcut");
            if (dec.layers(0) == 0 && up == Upsampling.INTERPOLATE) {
                throw o.error("decoder_layers_per_block", "is " + o.json().get("decoder_layers_per_block")
                        + " with upsample_block_type \"interpolate\"; a decoder without blocks at full size is"
                        + " supported with \"pixel_shuffle\" up-sampling only (the DC-AE-Lite layout)");
            }
            checkAttentionStages("encoder", enc, headDim);
            checkAttentionStages("decoder", dec, headDim);
            checkShortcutRatios("encoder", enc, latent, false);
            checkShortcutRatios("decoder", dec, latent, true);
            double scaling = o.optionalNumber("scaling_factor", 1.0);
            if (!(scaling > 0)) {
                throw o.error("scaling_factor", "is " + scaling + "; it must be a positive number");
            }
            return new DcAeConfig(in, latent, headDim, enc, dec, scaling, up, out);
        }

        /** The value of {@code field} among {@code values} (by config name), else an error listing them. */
        private <T> T oneOf(String field, T diffusersDefault, T[] values, java.util.function.Function<T, String> name) {
            String value = o.optionalString(field, name.apply(diffusersDefault));
            StringBuilder supported = new StringBuilder();
            for (T v : values) {
                if (name.apply(v).equals(value)) {
                    return v;
                }
                supported.append(supported.length() == 0 ? "" : ", ").append('"').append(name.apply(v)).append('"');
            }
            throw o.error(field, "is \"" + value + "\"" + (o.has(field) ? "" : " (diffusers' default, the field is absent)")
                    + "; supported: " + supported);
        }

        /** {@code emptyFullSize}: stage 0 may have no blocks (the decoder of DC-AE-Lite). */
        private DcAeStages stages(String side, int[] defaultLayers, boolean emptyFullSize) {
            String channelsField = side + "_block_out_channels";
            int[] channels = o.optionalIntArray(channelsField, new int[] {128, 256, 512, 512, 1024, 1024});
            if (channels.length < 2) {
                throw o.error(channelsField, "is " + Arrays.toString(channels) + "; at least 2 stages are needed");
            }
            for (int c : channels) {
                if (c <= 0) {
                    throw o.error(channelsField, "is " + Arrays.toString(channels) + "; every entry must be positive");
                }
            }
            int n = channels.length;
            String layersField = side + "_layers_per_block";
            int[] layers = o.optionalIntArray(layersField, defaultLayers);
            requireLength(layersField, layers.length, n, channelsField);
            for (int i = 0; i < n; i++) {
                if (layers[i] < 0 || layers[i] == 0 && !(emptyFullSize && i == 0)) {
                    throw o.error(layersField, "is " + Arrays.toString(layers)
                            + "; supported: at least 1 block per stage" + (emptyFullSize
                            ? ", except stage 0 (no blocks at full size, as in DC-AE-Lite)"
                            : " (a stage without blocks changes the stem, which the SANA layout does not use)"));
                }
            }
            List<BlockType> types = new ArrayList<>();
            String typesField = side + "_block_types";
            for (String name : stringPerStage(typesField, n, "ResBlock")) {
                BlockType t = BlockType.fromConfigName(name);
                if (t == null) {
                    throw o.error(typesField, "contains \"" + name
                            + "\"; supported: \"ResBlock\", \"EfficientViTBlock\"");
                }
                types.add(t);
            }
            List<int[]> scales = multiscales(side + "_qkv_multiscales", n, channelsField);
            return new DcAeStages(channels, layers, types, scales);
        }

        private List<int[]> multiscales(String field, int n, String channelsField) {
            if (!o.has(field)) {
                if (n != 6) {
                    throw o.error(field, "is absent and its default is for 6 stages, but "
                            + channelsField + " has " + n + "; give it explicitly");
                }
                List<int[]> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    out.add(i < 3 ? new int[0] : new int[] {5});
                }
                return out;
            }
            List<int[]> out = o.requiredIntArrays(field);
            requireLength(field, out.size(), n, channelsField);
            for (int[] kernels : out) {
                for (int k : kernels) {
                    if (k <= 0 || k % 2 == 0) {
                        throw o.error(field, "is " + o.json().get(field)
                                + "; kernel sizes must be odd and positive (same-size padding)");
                    }
                }
            }
            return out;
        }

        private void checkAttentionStages(String side, DcAeStages s, int headDim) {
            for (int i = 0; i < s.count(); i++) {
                if (s.blockType(i) == BlockType.EFFICIENT_VIT_BLOCK && s.channels(i) % headDim != 0) {
                    throw o.error(side + "_block_out_channels[" + i + "]", s.channels(i)
                            + " is not a multiple of attention_head_dim " + headDim
                            + " (stage " + i + " is an EfficientViTBlock stage)");
                }
            }
        }

        /** The parameter-free shortcuts only exist when channel counts divide as below. */
        private void checkShortcutRatios(String side, DcAeStages s, int latent, boolean upsampling) {
            String field = side + "_block_out_channels";
            for (int i = 0; i + 1 < s.count(); i++) {
                if (s.layers(i) == 0) {
                    continue; // no block there, so no shortcut into it (DC-AE-Lite's full-size stage)
                }
                int fine = s.channels(i);
                int coarse = s.channels(i + 1);
                if ((4 * fine) % coarse != 0) {
                    throw o.error(field, "has " + fine + " then " + coarse
                            + " channels at stages " + i + ", " + (i + 1) + "; the " + (upsampling ? "up" : "down")
                            + " block shortcut needs 4 x " + fine + " to be a multiple of " + coarse);
                }
            }
            if (s.deepestChannels() % latent != 0) {
                throw o.error(field, "ends with " + s.deepestChannels()
                        + " channels, not a multiple of latent_channels " + latent
                        + " (needed by the latent shortcut)");
            }
        }

        private void requireLength(String field, int found, int expected, String reference) {
            if (found != expected) {
                throw o.error(field, "has " + found + " entries but " + reference + " has "
                        + expected + "; they must agree");
            }
        }

        private void requireString(String field, String diffusersDefault, String supported) {
            String value = o.optionalString(field, diffusersDefault);
            if (!value.equals(supported)) {
                throw o.error(field, "is \"" + value + "\""
                        + (o.has(field) ? "" : " (diffusers' default, the field is absent)")
                        + "; supported: \"" + supported + "\" (the SANA DC-AE layout)");
            }
        }

        private void requireEveryStage(String field, int n, String supported) {
            for (String value : stringPerStage(field, n, supported)) {
                if (!value.equals(supported)) {
                    throw o.error(field, "is " + o.json().get(field) + "; supported: \"" + supported
                            + "\" for every stage (the SANA DC-AE layout)");
                }
            }
        }

        private void requireTrue(String field) {
            if (!o.optionalBoolean(field, true)) {
                throw o.error(field, "is false; supported: true (the SANA DC-AE layout)");
            }
        }

        /** diffusers accepts one string for all stages or one per stage. */
        private List<String> stringPerStage(String field, int n, String diffusersDefault) {
            if (o.isArray(field)) {
                List<String> out = o.requiredStringArray(field);
                if (out.size() != n) {
                    throw o.error(field, "has " + out.size() + " entries for " + n + " stages");
                }
                return out;
            }
            return Collections.nCopies(n, o.optionalString(field, diffusersDefault));
        }

        private int positiveInt(String field, int diffusersDefault) {
            int v = o.optionalInt(field, diffusersDefault);
            if (v <= 0) {
                throw o.error(field, "is " + v + "; it must be positive");
            }
            return v;
        }
    }
}
