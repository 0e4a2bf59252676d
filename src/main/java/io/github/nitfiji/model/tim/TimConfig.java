package io.github.nitfiji.model.tim;

import com.google.gson.JsonObject;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.JsonFormatException;
import io.github.nitfiji.io.StrictJson;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.LatentSize;
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
        try {
            JsonFields o = StrictJson.parseObject(json, source);
            String condition = o.optionalString("new_condition", "t-r");
            if (!condition.equals("t-r")) {
                throw new ModelConfigException(source + ": TiM new_condition '" + condition
                        + "' is not supported (the released TiM models use 't-r')");
            }
            if (!o.optionalBoolean("use_new_embed", false)) {
                throw new ModelConfigException(source + ": TiM config needs use_new_embed = true (a separate "
                        + "Δt embedder, as in the released models); is this a TiM config?");
            }
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
        } catch (JsonFormatException e) {
            throw new ModelConfigException(e.getMessage(), e);
        } catch (ModelConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ModelConfigException(source + ": " + e.getMessage(), e);
        }
    }

    public static TimConfig fromFile(Path path) throws IOException {
        return fromJson(new String(Files.readAllBytes(path), StandardCharsets.UTF_8), path.toString());
    }

    /** The config stored in the checkpoint's {@code __metadata__.config} (after checking it is a TiM-C2I file). */
    public static TimConfig fromWeights(SafetensorsFile file) {
        String wrongFamily = CheckpointFamily.mismatch(CheckpointFamily.TIM_C2I, file.tensors().keySet(),
                file.path().toString());
        if (wrongFamily != null) {
            throw new ModelConfigException(wrongFamily);
        }
        String json = file.metadata().get("config");
        if (json == null) {
            throw new ModelConfigException(file.path() + " has no __metadata__.config; pass the "
                    + "architecture with --tim-config CONFIG.json or use a model card (--model ID)");
        }
        return fromJson(json, file.path() + " __metadata__.config");
    }

    private void validate() {
        // upper bounds far above any released model keep a corrupt config from sizing absurd tensors
        require(hiddenSize > 0 && hiddenSize <= 1 << 16, "hidden_size must be in 1..65536, found " + hiddenSize);
        require(depth > 0 && depth <= 1024, "depth must be in 1..1024, found " + depth);
        require(numHeads > 0 && hiddenSize % numHeads == 0,
                "num_heads (" + numHeads + ") must divide hidden_size (" + hiddenSize + ")");
        require(headDim() % 4 == 0, "head dim hidden_size/num_heads must be a multiple of 4 for 2D RoPE, found " + headDim());
        require(mlpRatio > 0 && mlpRatio <= 64 && mlpHidden() > 0, "mlp_ratio must be in (0, 64], found " + mlpRatio);
        require(patchSize == 1, "patch_size " + patchSize + " is not supported (the released TiM-C2I-512 uses 1)");
        require(inChannels > 0 && inChannels <= 4096, "in_channels must be in 1..4096, found " + inChannels);
        require(numClasses > 0 && numClasses <= 1 << 20, "num_classes must be in 1..1048576, found " + numClasses);
        require(loraHiddenSize > 0 && loraHiddenSize <= 1 << 16, "lora_hidden_size must be in 1..65536, found "
                + loraHiddenSize);
        require(trainedLatentSide >= 0 && trainedLatentSide <= 1 << 16, "input_size must be in 0..65536, found "
                + trainedLatentSide);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ModelConfigException(message);
        }
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
        m.put("x_embedder.proj.weight", new long[] {d, inChannels, 1, 1});
        m.put("x_embedder.proj.bias", new long[] {d});
        TimestepEmbedder.expectShapes(m, "t_embedder.", d);
        TimestepEmbedder.expectShapes(m, "delta_embedder.", d);
        m.put("y_embedder.embedding_table.weight", new long[] {numClasses + 1, d});
        for (int i = 0; i < depth; i++) {
            String p = "blocks." + i + ".";
            SelfAttention.expectShapes(m, p + "attn.", d, headDim(), qkNorm, distanceAware);
            SwiGlu.expectShapes(m, p + "mlp.", d, mlpHidden(), d);
            SwiGlu.expectShapes(m, p + "adaLN_modulation.", d, loraHiddenSize, 6 * d);
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
        o.addProperty("patch_size", patchSize);
        o.addProperty("in_channels", inChannels);
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
