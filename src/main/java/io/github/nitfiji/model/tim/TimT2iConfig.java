package io.github.nitfiji.model.tim;

import com.google.gson.JsonObject;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.JsonFormatException;
import io.github.nitfiji.io.StrictJson;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.transformer.CheckpointFamily;
import io.github.nitfiji.model.transformer.SelfAttention;
import io.github.nitfiji.model.transformer.SwiGlu;
import io.github.nitfiji.model.transformer.TimestepEmbedder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TiM-T2I architecture, from the official constructor arguments of
 * {@code tim.models.t2i.tim_model.TiM} (hidden_size, depth, num_heads, mlp_ratio, patch_size,
 * in_channels, cap_feat_dim, qk_norm, distance_aware, lora_hidden_size, new_condition,
 * use_new_embed). Training-only arguments (encoder_depth, projector_dim, z_dim, input_size,
 * use_checkpoint) are accepted and ignored.
 */
public final class TimT2iConfig {
    public final int hiddenSize;
    public final int depth;
    public final int numHeads;
    public final double mlpRatio;
    public final int inChannels;
    /** Width of the text encoder's hidden states (Gemma-3-1B: 1152). */
    public final int captionFeatures;
    public final boolean qkNorm;
    public final boolean distanceAware;
    public final int loraHiddenSize;

    public TimT2iConfig(int hiddenSize, int depth, int numHeads, double mlpRatio, int inChannels, int captionFeatures,
                        boolean qkNorm, boolean distanceAware, int loraHiddenSize) {
        this.hiddenSize = hiddenSize;
        this.depth = depth;
        this.numHeads = numHeads;
        this.mlpRatio = mlpRatio;
        this.inChannels = inChannels;
        this.captionFeatures = captionFeatures;
        this.qkNorm = qkNorm;
        this.distanceAware = distanceAware;
        this.loraHiddenSize = loraHiddenSize;
        validate();
    }

    /** TiM-T2I as released ({@code configs/t2i/tim_xl_p1_t2i.yaml}). */
    public static TimT2iConfig xl() {
        return new TimT2iConfig(1152, 28, 16, 4.0, 32, 1152, true, true, 384);
    }

    /** Reads the official constructor arguments with the project's strict JSON reader (errors name the field). */
    public static TimT2iConfig fromJson(String json, String source) {
        try {
            JsonFields o = StrictJson.parseObject(json, source);
            if (!o.optionalString("new_condition", "t-r").equals("t-r") || !o.optionalBoolean("use_new_embed", false)) {
                throw new ModelConfigException(source + ": TiM-T2I config needs new_condition 't-r' and "
                        + "use_new_embed true (a separate Δt embedder, as in the released model)");
            }
            int patch = o.optionalInt("patch_size", 1);
            if (patch != 1) {
                throw new ModelConfigException(source + ": patch_size " + patch + " is not supported (TiM-T2I uses 1)");
            }
            int hidden = o.requiredInt("hidden_size");
            return new TimT2iConfig(hidden,
                    o.requiredInt("depth"),
                    o.requiredInt("num_heads"),
                    o.optionalNumber("mlp_ratio", 4.0),
                    o.optionalInt("in_channels", 32),
                    o.requiredInt("cap_feat_dim"),
                    o.optionalBoolean("qk_norm", true),
                    o.optionalBoolean("distance_aware", false),
                    o.optionalInt("lora_hidden_size", hidden / 4 * 3));
        } catch (JsonFormatException e) {
            throw new ModelConfigException(e.getMessage(), e);
        }
    }

    public static TimT2iConfig fromFile(Path path) throws IOException {
        return fromJson(new String(Files.readAllBytes(path), StandardCharsets.UTF_8), path.toString());
    }

    /** The config stored in the checkpoint's {@code __metadata__.config} (after checking it is a TiM-T2I file). */
    public static TimT2iConfig fromWeights(SafetensorsFile file) {
        String wrongFamily = CheckpointFamily.mismatch(CheckpointFamily.TIM_T2I, file.tensors().keySet(),
                file.path().toString());
        if (wrongFamily != null) {
            throw new ModelConfigException(wrongFamily);
        }
        String json = file.metadata().get("config");
        if (json == null) {
            throw new ModelConfigException(file.path() + " has no __metadata__.config; pass the "
                    + "architecture with --tim-config CONFIG.json");
        }
        return fromJson(json, file.path() + " __metadata__.config");
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** SwiGLU MLP width: two thirds of int(hidden * mlp_ratio), as the official block computes it. */
    public int mlpHidden() {
        return (int) (hiddenSize * mlpRatio) * 2 / 3;
    }

    /** Every state-dict key the transformer reads, with its shape ({@code projector.*} is not read). */
    public Map<String, long[]> expectedShapes() {
        long d = hiddenSize;
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("x_embedder.proj.weight", new long[] {d, inChannels, 1, 1});
        m.put("x_embedder.proj.bias", new long[] {d});
        TimestepEmbedder.expectShapes(m, "t_embedder.", d);
        TimestepEmbedder.expectShapes(m, "delta_embedder.", d);
        m.put("y_embedder.norm.weight", new long[] {captionFeatures});
        m.put("y_embedder.norm.bias", new long[] {captionFeatures});
        SwiGlu.expectShapes(m, "y_embedder.mlp.", captionFeatures, 4 * d, d);
        for (int i = 0; i < depth; i++) {
            String p = "blocks." + i + ".";
            SelfAttention.expectShapes(m, p + "attn.", d, headDim(), qkNorm, distanceAware);
            CrossAttention.expectShapes(m, p + "cross_attn.", d, headDim(), qkNorm);
            SwiGlu.expectShapes(m, p + "mlp.", d, mlpHidden(), d);
            SwiGlu.expectShapes(m, p + "adaLN_modulation.", d, loraHiddenSize, 9 * d);
        }
        SwiGlu.expectShapes(m, "final_layer.adaLN_modulation.", d, d / 2, 2 * d);
        m.put("final_layer.linear.weight", new long[] {inChannels, d});
        m.put("final_layer.linear.bias", new long[] {inChannels});
        return m;
    }

    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("hidden_size", hiddenSize);
        o.addProperty("depth", depth);
        o.addProperty("num_heads", numHeads);
        o.addProperty("mlp_ratio", mlpRatio);
        o.addProperty("patch_size", 1);
        o.addProperty("in_channels", inChannels);
        o.addProperty("cap_feat_dim", captionFeatures);
        o.addProperty("qk_norm", qkNorm);
        o.addProperty("distance_aware", distanceAware);
        o.addProperty("lora_hidden_size", loraHiddenSize);
        o.addProperty("new_condition", "t-r");
        o.addProperty("use_new_embed", true);
        return o.toString();
    }

    private void validate() {
        require(hiddenSize > 0 && hiddenSize <= 1 << 16, "hidden_size must be in 1..65536, found " + hiddenSize);
        require(depth > 0 && depth <= 1024, "depth must be in 1..1024, found " + depth);
        require(numHeads > 0 && hiddenSize % numHeads == 0,
                "num_heads (" + numHeads + ") must divide hidden_size (" + hiddenSize + ")");
        require(headDim() % 4 == 0, "head dim hidden_size/num_heads must be a multiple of 4 for 2D RoPE, found "
                + headDim());
        require(mlpRatio > 0 && mlpRatio <= 64 && mlpHidden() > 0, "mlp_ratio must be in (0, 64], found " + mlpRatio);
        require(inChannels > 0 && inChannels <= 4096, "in_channels must be in 1..4096, found " + inChannels);
        require(captionFeatures > 0 && captionFeatures <= 1 << 16, "cap_feat_dim must be in 1..65536, found "
                + captionFeatures);
        require(loraHiddenSize > 0 && loraHiddenSize <= 1 << 16, "lora_hidden_size must be in 1..65536, found "
                + loraHiddenSize);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ModelConfigException(message);
        }
    }
}
