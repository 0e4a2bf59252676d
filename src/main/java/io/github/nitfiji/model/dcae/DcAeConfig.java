package io.github.nitfiji.model.dcae;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.dcae.DcAeStages.BlockType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The architecture of a diffusers {@code AutoencoderDC}, read from its {@code config.json}.
 *
 * <p>Only the layout of the SANA DC-AEs (f32c32 sana-1.0/1.1 and the tiny golden model) is
 * supported: nearest-interpolation up blocks, strided-conv down blocks, RMSNorm + SiLU blocks, ReLU
 * before the output conv and both latent shortcuts. Anything else is rejected with the field, the
 * value found and what is supported, instead of silently building a different network. Absent
 * fields take diffusers' defaults, as {@code AutoencoderDC.from_pretrained} would.
 */
public final class DcAeConfig {
    private final int inChannels;
    private final int latentChannels;
    private final int attentionHeadDim;
    private final DcAeStages encoder;
    private final DcAeStages decoder;
    private final double scalingFactor;

    private DcAeConfig(int inChannels, int latentChannels, int attentionHeadDim, DcAeStages encoder,
                       DcAeStages decoder, double scalingFactor) {
        this.inChannels = inChannels;
        this.latentChannels = latentChannels;
        this.attentionHeadDim = attentionHeadDim;
        this.encoder = encoder;
        this.decoder = decoder;
        this.scalingFactor = scalingFactor;
    }

    /** Parses the text of a diffusers {@code config.json}; throws {@link ModelConfigException} naming the field. */
    public static DcAeConfig fromJson(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new ModelConfigException("DC-AE config is not well-formed JSON (" + io.github.nitfiji.io.JsonErrors.reason(e) + ")");
        }
        if (root == null || !root.isJsonObject()) {
            throw new ModelConfigException("DC-AE config must be a JSON object, found " + root);
        }
        return new Parser(root.getAsJsonObject()).parse();
    }

    public static DcAeConfig fromFile(Path configJson) throws IOException {
        String text = new String(Files.readAllBytes(configJson), StandardCharsets.UTF_8);
        try {
            return fromJson(text);
        } catch (ModelConfigException e) {
            throw new ModelConfigException(configJson + ": " + e.getMessage(), e);
        }
    }

    /** Reads the config stored as JSON text under {@code __metadata__.config} of a weights file. */
    public static DcAeConfig fromWeights(SafetensorsFile weights) {
        String json = weights.metadata().get("config");
        if (json == null) {
            throw new ModelConfigException(weights.path() + ": no DC-AE config in the file's __metadata__"
                    + " (key 'config'); pass the model's config.json with DcAeConfig.fromFile instead");
        }
        try {
            return fromJson(json);
        } catch (ModelConfigException e) {
            throw new ModelConfigException(weights.path() + " __metadata__.config: " + e.getMessage(), e);
        }
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
                + ", encoder [" + encoder + "], decoder [" + decoder + "], scaling " + scalingFactor + "}";
    }

    /** Reads and validates one config object; every error names the field. */
    private static final class Parser {
        private final JsonObject o;

        Parser(JsonObject o) {
            this.o = o;
        }

        DcAeConfig parse() {
            int in = positiveInt("in_channels", 3);
            int latent = positiveInt("latent_channels", 32);
            int headDim = positiveInt("attention_head_dim", 32);
            DcAeStages enc = stages("encoder", new int[] {2, 2, 2, 3, 3, 3});
            DcAeStages dec = stages("decoder", new int[] {3, 3, 3, 3, 3, 3});
            if (enc.count() != dec.count()) {
                throw new ModelConfigException("encoder_block_out_channels has " + enc.count()
                        + " stages but decoder_block_out_channels has " + dec.count()
                        + "; both sides must share one spatial compression");
            }
            requireString("upsample_block_type", "pixel_shuffle", "interpolate");
            requireString("downsample_block_type", "pixel_unshuffle", "Conv");
            requireEveryStage("decoder_norm_types", dec.count(), "rms_norm");
            requireEveryStage("decoder_act_fns", dec.count(), "silu");
            requireString("decoder_conv_act_fn", "relu", "relu");
            requireTrue("encoder_out_shortcut");
            requireTrue("decoder_in_shortcut");
            checkAttentionStages("encoder", enc, headDim);
            checkAttentionStages("decoder", dec, headDim);
            checkShortcutRatios("encoder", enc, latent, false);
            checkShortcutRatios("decoder", dec, latent, true);
            double scaling = number("scaling_factor", 1.0);
            if (!(scaling > 0) || Double.isInfinite(scaling)) {
                throw new ModelConfigException("scaling_factor is " + scaling + "; it must be a positive number");
            }
            return new DcAeConfig(in, latent, headDim, enc, dec, scaling);
        }

        private DcAeStages stages(String side, int[] defaultLayers) {
            String channelsField = side + "_block_out_channels";
            int[] channels = intList(channelsField, new int[] {128, 256, 512, 512, 1024, 1024});
            if (channels.length < 2) {
                throw new ModelConfigException(channelsField + " is " + Arrays.toString(channels)
                        + "; at least 2 stages are needed");
            }
            for (int c : channels) {
                if (c <= 0) {
                    throw new ModelConfigException(channelsField + " is " + Arrays.toString(channels)
                            + "; every entry must be positive");
                }
            }
            int n = channels.length;
            String layersField = side + "_layers_per_block";
            int[] layers = intList(layersField, defaultLayers);
            requireLength(layersField, layers.length, n, channelsField);
            for (int l : layers) {
                if (l <= 0) {
                    throw new ModelConfigException(layersField + " is " + Arrays.toString(layers)
                            + "; supported: at least 1 block per stage (a stage without blocks changes the"
                            + " stem and head, which the SANA layout does not use)");
                }
            }
            List<BlockType> types = new ArrayList<>();
            String typesField = side + "_block_types";
            for (String name : stringPerStage(typesField, n, "ResBlock")) {
                BlockType t = BlockType.fromConfigName(name);
                if (t == null) {
                    throw new ModelConfigException(typesField + " contains \"" + name
                            + "\"; supported: \"ResBlock\", \"EfficientViTBlock\"");
                }
                types.add(t);
            }
            List<int[]> scales = multiscales(side + "_qkv_multiscales", n, channelsField);
            return new DcAeStages(channels, layers, types, scales);
        }

        private List<int[]> multiscales(String field, int n, String channelsField) {
            List<int[]> out = new ArrayList<>();
            JsonElement e = o.get(field);
            if (e == null || e.isJsonNull()) {
                if (n != 6) {
                    throw new ModelConfigException(field + " is absent and its default is for 6 stages, but "
                            + channelsField + " has " + n + "; give it explicitly");
                }
                for (int i = 0; i < n; i++) {
                    out.add(i < 3 ? new int[0] : new int[] {5});
                }
                return out;
            }
            if (!e.isJsonArray()) {
                throw new ModelConfigException(field + " is " + e + "; expected a list of kernel-size lists");
            }
            JsonArray a = e.getAsJsonArray();
            requireLength(field, a.size(), n, channelsField);
            for (JsonElement stage : a) {
                int[] kernels = ints(field, stage);
                for (int k : kernels) {
                    if (k <= 0 || k % 2 == 0) {
                        throw new ModelConfigException(field + " is " + e
                                + "; kernel sizes must be odd and positive (same-size padding)");
                    }
                }
                out.add(kernels);
            }
            return out;
        }

        private void checkAttentionStages(String side, DcAeStages s, int headDim) {
            for (int i = 0; i < s.count(); i++) {
                if (s.blockType(i) == BlockType.EFFICIENT_VIT_BLOCK && s.channels(i) % headDim != 0) {
                    throw new ModelConfigException(side + "_block_out_channels[" + i + "] = " + s.channels(i)
                            + " is not a multiple of attention_head_dim " + headDim
                            + " (stage " + i + " is an EfficientViTBlock stage)");
                }
            }
        }

        /** The parameter-free shortcuts only exist when channel counts divide as below. */
        private void checkShortcutRatios(String side, DcAeStages s, int latent, boolean upsampling) {
            String field = side + "_block_out_channels";
            for (int i = 0; i + 1 < s.count(); i++) {
                int fine = s.channels(i);
                int coarse = s.channels(i + 1);
                if ((4 * fine) % coarse != 0) {
                    throw new ModelConfigException(field + " has " + fine + " then " + coarse
                            + " channels at stages " + i + ", " + (i + 1) + "; the " + (upsampling ? "up" : "down")
                            + " block shortcut needs 4 x " + fine + " to be a multiple of " + coarse);
                }
            }
            if (s.deepestChannels() % latent != 0) {
                throw new ModelConfigException(field + " ends with " + s.deepestChannels()
                        + " channels, not a multiple of latent_channels " + latent
                        + " (needed by the latent shortcut)");
            }
        }

        private void requireLength(String field, int found, int expected, String reference) {
            if (found != expected) {
                throw new ModelConfigException(field + " has " + found + " entries but " + reference + " has "
                        + expected + "; they must agree");
            }
        }

        private void requireString(String field, String diffusersDefault, String supported) {
            JsonElement e = o.get(field);
            String value = e == null || e.isJsonNull() ? diffusersDefault : string(field, e);
            if (!value.equals(supported)) {
                throw new ModelConfigException(field + " is \"" + value + "\""
                        + (e == null ? " (diffusers' default, the field is absent)" : "")
                        + "; supported: \"" + supported + "\" (the SANA DC-AE layout)");
            }
        }

        private void requireEveryStage(String field, int n, String supported) {
            for (String value : stringPerStage(field, n, supported)) {
                if (!value.equals(supported)) {
                    throw new ModelConfigException(field + " is " + o.get(field) + "; supported: \"" + supported
                            + "\" for every stage (the SANA DC-AE layout)");
                }
            }
        }

        private void requireTrue(String field) {
            JsonElement e = o.get(field);
            if (e == null || e.isJsonNull()) {
                return;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw new ModelConfigException(field + " is " + e + "; expected true or false");
            }
            if (!e.getAsBoolean()) {
                throw new ModelConfigException(field + " is false; supported: true (the SANA DC-AE layout)");
            }
        }

        /** diffusers accepts one string for all stages or one per stage. */
        private List<String> stringPerStage(String field, int n, String diffusersDefault) {
            JsonElement e = o.get(field);
            List<String> out = new ArrayList<>();
            if (e == null || e.isJsonNull() || e.isJsonPrimitive()) {
                String v = e == null || e.isJsonNull() ? diffusersDefault : string(field, e);
                for (int i = 0; i < n; i++) {
                    out.add(v);
                }
                return out;
            }
            if (!e.isJsonArray()) {
                throw new ModelConfigException(field + " is " + e + "; expected a string or a list of strings");
            }
            for (JsonElement x : e.getAsJsonArray()) {
                out.add(string(field, x));
            }
            if (out.size() != n) {
                throw new ModelConfigException(field + " has " + out.size() + " entries for " + n + " stages");
            }
            return out;
        }

        private String string(String field, JsonElement e) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new ModelConfigException(field + " is " + e + "; expected a string");
            }
            return e.getAsString();
        }

        private int positiveInt(String field, int diffusersDefault) {
            JsonElement e = o.get(field);
            if (e == null || e.isJsonNull()) {
                return diffusersDefault;
            }
            int v = integer(field, e);
            if (v <= 0) {
                throw new ModelConfigException(field + " is " + v + "; it must be positive");
            }
            return v;
        }

        private double number(String field, double diffusersDefault) {
            JsonElement e = o.get(field);
            if (e == null || e.isJsonNull()) {
                return diffusersDefault;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw new ModelConfigException(field + " is " + e + "; expected a number");
            }
            return e.getAsDouble();
        }

        private int[] intList(String field, int[] diffusersDefault) {
            JsonElement e = o.get(field);
            return e == null || e.isJsonNull() ? diffusersDefault.clone() : ints(field, e);
        }

        private int[] ints(String field, JsonElement e) {
            if (!e.isJsonArray()) {
                throw new ModelConfigException(field + " is " + e + "; expected a list of integers");
            }
            JsonArray a = e.getAsJsonArray();
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = integer(field, a.get(i));
            }
            return out;
        }

        private int integer(String field, JsonElement e) {
            JsonPrimitive p = e.isJsonPrimitive() ? e.getAsJsonPrimitive() : null;
            if (p == null || !p.isNumber()) {
                throw new ModelConfigException(field + " contains " + e + "; expected an integer");
            }
            try {
                return p.getAsBigDecimal().intValueExact();
            } catch (ArithmeticException | NumberFormatException notAnInt) { // 1.5, or an exponent Gson will not expand
                throw new ModelConfigException(field + " contains " + e + "; expected an integer");
            }
        }
    }
}
