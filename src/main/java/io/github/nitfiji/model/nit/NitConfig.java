package io.github.nitfiji.model.nit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.transformer.CheckpointFamily;
import io.github.nitfiji.model.transformer.SelfAttention;
import io.github.nitfiji.model.transformer.TimestepEmbedder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NiT architecture, from the official constructor arguments (hidden_size, depth, num_heads,
 * mlp_ratio, patch_size, in_channels, num_classes, qk_norm). Training-only arguments
 * (class_dropout_prob, encoder_depth, projector_dim, z_dim, input_size) are accepted and ignored.
 */
public final class NitConfig {
    public final int hiddenSize;
    public final int depth;
    public final int numHeads;
    public final double mlpRatio;
    public final int patchSize;
    public final int inChannels;
    public final int numClasses;
    public final boolean qkNorm;

    public NitConfig(int hiddenSize, int depth, int numHeads, double mlpRatio, int patchSize,
                     int inChannels, int numClasses, boolean qkNorm) {
        this.hiddenSize = hiddenSize;
        this.depth = depth;
        this.numHeads = numHeads;
        this.mlpRatio = mlpRatio;
        this.patchSize = patchSize;
        this.inChannels = inChannels;
        this.numClasses = numClasses;
        this.qkNorm = qkNorm;
        validate();
    }

    /** NiT-XL as released: depth 28, hidden 1152, 16 heads, patch 1, 32 latent channels. */
    public static NitConfig xl() {
        return new NitConfig(1152, 28, 16, 4.0, 1, 32, 1000, true);
    }

    public static NitConfig fromJson(String json, String source) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new ModelConfigException(source + ": NiT config is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException | StackOverflowError e) {
            throw new ModelConfigException(source + ": NiT config is not valid JSON (" + e.getMessage() + ")");
        }
        try {
            return new NitConfig(
                    intField(o, "hidden_size", source, null),
                    intField(o, "depth", source, null),
                    intField(o, "num_heads", source, null),
                    o.has("mlp_ratio") ? o.get("mlp_ratio").getAsDouble() : 4.0,
                    intField(o, "patch_size", source, 1),
                    intField(o, "in_channels", source, 32),
                    intField(o, "num_classes", source, 1000),
                    !o.has("qk_norm") || o.get("qk_norm").getAsBoolean());
        } catch (ClassCastException | IllegalStateException | UnsupportedOperationException e) {
            throw new ModelConfigException(source + ": NiT config has a field of the wrong type (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new ModelConfigException(source + ": " + e.getMessage(), e);
        }
    }

    public static NitConfig fromFile(Path path) throws IOException {
        return fromJson(new String(Files.readAllBytes(path), StandardCharsets.UTF_8), path.toString());
    }

    /** The config the official export stores in the checkpoint's {@code __metadata__.config}. */
    public static NitConfig fromWeights(SafetensorsFile file) {
        String wrongFamily = CheckpointFamily.mismatch(CheckpointFamily.NIT, file.tensors().keySet(),
                file.path().toString());
        if (wrongFamily != null) {
            throw new ModelConfigException(wrongFamily);
        }
        String json = file.metadata().get("config");
        if (json == null) {
            throw new ModelConfigException(file.path() + " has no __metadata__.config; pass the "
                    + "architecture with --nit-config CONFIG.json or use a model card (--model ID)");
        }
        return fromJson(json, file.path() + " __metadata__.config");
    }

    private static int intField(JsonObject o, String name, String source, Integer fallback) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            if (fallback == null) {
                throw new ModelConfigException("NiT config lacks the required field '" + name + "'");
            }
            return fallback;
        }
        double d = e.getAsDouble();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new ModelConfigException("NiT config field '" + name + "' must be an integer, found " + e);
        }
        return (int) d;
    }

    private void validate() {
        // upper bounds far above any released model keep a corrupt config from sizing absurd tensors
        require(hiddenSize > 0 && hiddenSize <= 1 << 16, "hidden_size must be in 1..65536, found " + hiddenSize);
        require(depth > 0 && depth <= 1024, "depth must be in 1..1024, found " + depth);
        require(numHeads > 0 && hiddenSize % numHeads == 0,
                "num_heads (" + numHeads + ") must divide hidden_size (" + hiddenSize + ")");
        require(headDim() % 4 == 0, "head dim hidden_size/num_heads must be a multiple of 4 for 2D RoPE, found " + headDim());
        require(mlpRatio > 0 && mlpRatio <= 64 && mlpHidden() > 0, "mlp_ratio must be in (0, 64], found " + mlpRatio);
        require(patchSize == 1, "patch_size " + patchSize + " is not supported (the released NiT models use 1)");
        require(inChannels > 0 && inChannels <= 4096, "in_channels must be in 1..4096, found " + inChannels);
        require(numClasses > 0 && numClasses <= 1 << 20, "num_classes must be in 1..1048576, found " + numClasses);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ModelConfigException(message);
        }
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    public int mlpHidden() {
        return (int) (hiddenSize * mlpRatio);
    }

    /** The class index that means "no class" (used for the unconditional branch of CFG). */
    public int nullClass() {
        return numClasses;
    }

    /** Every state-dict key the transformer reads, with its expected shape. */
    public Map<String, long[]> expectedShapes() {
        long d = hiddenSize;
        long hd = headDim();
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("x_embedder.proj.weight", new long[] {d, inChannels, 1, 1});
        m.put("x_embedder.proj.bias", new long[] {d});
        TimestepEmbedder.expectShapes(m, "t_embedder.", d);
        m.put("y_embedder.embedding_table.weight", new long[] {numClasses + 1, d});
        for (int i = 0; i < depth; i++) {
            String p = "blocks." + i + ".";
            SelfAttention.expectShapes(m, p + "attn.", d, hd, qkNorm, false);
            m.put(p + "mlp.fc1.weight", new long[] {mlpHidden(), d});
            m.put(p + "mlp.fc1.bias", new long[] {mlpHidden()});
            m.put(p + "mlp.fc2.weight", new long[] {d, mlpHidden()});
            m.put(p + "mlp.fc2.bias", new long[] {d});
            m.put(p + "adaLN_modulation.1.weight", new long[] {6 * d, d});
            m.put(p + "adaLN_modulation.1.bias", new long[] {6 * d});
        }
        m.put("final_layer.adaLN_modulation.1.weight", new long[] {2 * d, d});
        m.put("final_layer.adaLN_modulation.1.bias", new long[] {2 * d});
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
        return o.toString();
    }
}
