package io.github.nitfiji.model.tim;

import com.google.gson.JsonObject;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.transformer.SelfAttention;
import io.github.nitfiji.model.transformer.SwiGlu;
import io.github.nitfiji.model.transformer.TimestepEmbedder;
import io.github.nitfiji.model.transformer.TrunkConfig;
import java.io.IOException;
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
        return TrunkConfig.fromJson(json, source, o -> {
            TrunkConfig.require(o.optionalString("new_condition", "t-r").equals("t-r")
                    && o.optionalBoolean("use_new_embed", false), "TiM-T2I config needs new_condition 't-r' and "
                    + "use_new_embed true (a separate Δt embedder, as in the released model)");
            int patch = o.optionalInt("patch_size", 1);
            TrunkConfig.require(patch == 1, "patch_size " + patch + " is not supported (TiM-T2I uses 1)");
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
        });
    }

    public static TimT2iConfig fromFile(Path path) throws IOException {
        return TrunkConfig.fromFile(path, TimT2iConfig::fromJson);
    }

    /** The config stored in the checkpoint's {@code __metadata__.config}. */
    public static TimT2iConfig fromWeights(SafetensorsFile file) {
        return TrunkConfig.fromWeights(file, TimT2iConfig::fromJson);
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
        TrunkConfig.expectInputShapes(m, d, inChannels);
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
        TrunkConfig.expectOutputShapes(m, d, inChannels);
        return m;
    }

    public String toJson() {
        JsonObject o = TrunkConfig.trunkJson(hiddenSize, depth, numHeads, mlpRatio, 1, inChannels);
        o.addProperty("cap_feat_dim", captionFeatures);
        o.addProperty("qk_norm", qkNorm);
        o.addProperty("distance_aware", distanceAware);
        o.addProperty("lora_hidden_size", loraHiddenSize);
        o.addProperty("new_condition", "t-r");
        o.addProperty("use_new_embed", true);
        return o.toString();
    }

    private void validate() {
        TrunkConfig.checkTrunk(hiddenSize, depth, numHeads, mlpRatio, mlpHidden(), inChannels);
        TrunkConfig.require(captionFeatures > 0 && captionFeatures <= 1 << 16,
                "cap_feat_dim must be in 1..65536, found " + captionFeatures);
        TrunkConfig.require(loraHiddenSize > 0 && loraHiddenSize <= 1 << 16,
                "lora_hidden_size must be in 1..65536, found " + loraHiddenSize);
    }
}
