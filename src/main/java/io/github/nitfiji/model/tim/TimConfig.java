package io.github.nitfiji.model.tim;

import com.google.gson.JsonObject;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.transformer.SelfAttention;
import io.github.nitfiji.model.transformer.SwiGlu;
import io.github.nitfiji.model.transformer.TimestepEmbedder;
import io.github.nitfiji.model.transformer.TrunkConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TiM-C2I architecture, from the official constructor arguments of
 * {@code tim.models.c2i.tim_model.TiM} (hidden_size, depth, num_heads, mlp_ratio, patch_size,
 * in_channels, num_classes, qk_norm, distance_aware, lora_hidden_size, new_condition,
 * use_new_embed), and input_size, the latent side it was trained at (0 when unknown).
 * Training-only arguments (class_dropout_prob, encoder_depth, projector_dim, z_dim,
 * use_checkpoint) are accepted and ignored. Only the released conditioning
 * ({@code new_condition = "t-r"} with its own Δt embedder) is supported.
 */
public final class TimConfig {
    public final int hiddenSize;
    public final int depth;
    public final int numHeads;
    public final double mlpRatio;
    public final int patchSize;
    public final int inChannels;
    public final int numClasses;
    public final boolean qkNorm;
    public final boolean distanceAware;
    public final int loraHiddenSize;
    /** The square latent side the model was trained at (16 for 512 x 512), or 0 when not stated. */
    public final int trainedLatentSide;

    public TimConfig(int hiddenSize, int depth, int numHeads, double mlpRatio, int patchSize, int inChannels,
                     int numClasses, boolean qkNorm, boolean distanceAware, int loraHiddenSize,
                     int trainedLatentSide) {
        this.hiddenSize = hiddenSize;
        this.depth = depth;
        this.numHeads = numHeads;
        this.mlpRatio = mlpRatio;
        this.patchSize = patchSize;
        this.inChannels = inChannels;
        this.numClasses = numClasses;
        this.qkNorm = qkNorm;
        this.distanceAware = distanceAware;
        this.loraHiddenSize = loraHiddenSize;
        this.trainedLatentSide = trainedLatentSide;
        validate();
    }

    /** TiM-C2I-512 as released ({@code configs/c2i/tim_xl_p1_512.yaml}): the NiT-XL trunk shape. */
    public static TimConfig xl() {
        return new TimConfig(1152, 28, 16, 4.0, 1, 32, 1000, true, true, 384, 16);
    }

    /** Reads the official constructor arguments with the project's strict JSON reader (errors name the field). */
    public static TimConfig fromJson(String json, String source) {
        return TrunkConfig.fromJson(json, source, o -> {
            String condition = o.optionalString("new_condition", "t-r");
            TrunkConfig.require(condition.equals("t-r"), "TiM new_condition '" + condition
                    + "' is not supported (the released TiM models use 't-r')");
            TrunkConfig.require(o.optionalBoolean("use_new_embed", false), "TiM config needs use_new_embed = true "
                    + "(a separate Δt embedder, as in the released models); is this a TiM config?");
            int hidden = o.requiredInt("hidden_size");
            return new TimConfig(
                    hidden,
                    o.requiredInt("depth"),
                    o.requiredInt("num_heads"),
                    o.optionalNumber("mlp_ratio", 4.0),
                    o.optionalInt("patch_size", 1),
                    o.optionalInt("in_channels", 32),
                    o.optionalInt("num_classes", 1000),
                    o.optionalBoolean("qk_norm", true),
                    o.optionalBoolean("distance_aware", false),
                    o.optionalInt("lora_hidden_size", hidden / 4 * 3),
                    o.optionalInt("input_size", 0));
        });
    }

    public static TimConfig fromFile(Path path) throws IOException {
        return TrunkConfig.fromFile(path, TimConfig::fromJson);
    }

    /** The config stored in the checkpoint's {@code __metadata__.config}. */
    public static TimConfig fromWeights(SafetensorsFile file) {
        return TrunkConfig.fromWeights(file, TimConfig::fromJson);
    }

    private void validate() {
        TrunkConfig.checkTrunk(hiddenSize, depth, numHeads, mlpRatio, mlpHidden(), inChannels);
        TrunkConfig.require(patchSize == 1, "patch_size " + patchSize
                + " is not supported (the released TiM-C2I-512 uses 1)");
        TrunkConfig.require(numClasses > 0 && numClasses <= 1 << 20, "num_classes must be in 1..1048576, found "
                + numClasses);
        TrunkConfig.require(loraHiddenSize > 0 && loraHiddenSize <= 1 << 16,
                "lora_hidden_size must be in 1..65536, found " + loraHiddenSize);
        TrunkConfig.require(trainedLatentSide >= 0 && trainedLatentSide <= 1 << 16,
                "input_size must be in 0..65536, found " + trainedLatentSide);
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** SwiGLU MLP width: two thirds of int(hidden * mlp_ratio), as the official block computes it. */
    public int mlpHidden() {
        return (int) (hiddenSize * mlpRatio) * 2 / 3;
    }

    /** Whether {@code size} is the size the model was trained at (true when that is not stated). */
    public boolean isTrainedSize(LatentSize size) {
        return trainedLatentSide == 0 || (size.height == trainedLatentSide && size.width == trainedLatentSide);
    }

    /** The label meaning "no class" (the unconditional branch of guidance): the table's last row. */
    public int nullClass() {
        return numClasses;
    }

    /** Every state-dict key the transformer reads, with its expected shape ({@code projector.*} is not read). */
    public Map<String, long[]> expectedShapes() {
        long d = hiddenSize;
        Map<String, long[]> m = new LinkedHashMap<>();
        TrunkConfig.expectInputShapes(m, d, inChannels);
        TimestepEmbedder.expectShapes(m, "delta_embedder.", d);
        m.put("y_embedder.embedding_table.weight", new long[] {numClasses + 1, d});
        for (int i = 0; i < depth; i++) {
            String p = "blocks." + i + ".";
            SelfAttention.expectShapes(m, p + "attn.", d, headDim(), qkNorm, distanceAware);
            SwiGlu.expectShapes(m, p + "mlp.", d, mlpHidden(), d);
            SwiGlu.expectShapes(m, p + "adaLN_modulation.", d, loraHiddenSize, 6 * d);
        }
        SwiGlu.expectShapes(m, "final_layer.adaLN_modulation.", d, d / 2, 2 * d);
        TrunkConfig.expectOutputShapes(m, d, inChannels);
        return m;
    }

    public String toJson() {
        JsonObject o = TrunkConfig.trunkJson(hiddenSize, depth, numHeads, mlpRatio, patchSize, inChannels);
        o.addProperty("num_classes", numClasses);
        o.addProperty("qk_norm", qkNorm);
        o.addProperty("distance_aware", distanceAware);
        o.addProperty("lora_hidden_size", loraHiddenSize);
        o.addProperty("new_condition", "t-r");
        o.addProperty("use_new_embed", true);
        if (trainedLatentSide > 0) {
            o.addProperty("input_size", trainedLatentSide);
        }
        return o.toString();
    }
}
