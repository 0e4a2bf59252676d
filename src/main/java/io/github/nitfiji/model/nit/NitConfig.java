package io.github.nitfiji.model.nit;

import com.google.gson.JsonObject;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.transformer.SelfAttention;
import io.github.nitfiji.model.transformer.TrunkConfig;
import java.io.IOException;
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

    /**
     * Reads the official constructor arguments from JSON text; {@code source} (a file, a card, a
     * checkpoint's metadata) is named in every error, with the field.
     */
    public static NitConfig fromJson(String json, String source) {
        return TrunkConfig.fromJson(json, source, o -> new NitConfig(
                o.requiredInt("hidden_size"),
                o.requiredInt("depth"),
                o.requiredInt("num_heads"),
                o.optionalNumber("mlp_ratio", 4.0),
                o.optionalInt("patch_size", 1),
                o.optionalInt("in_channels", 32),
                o.optionalInt("num_classes", 1000),
                o.optionalBoolean("qk_norm", true)));
    }

    public static NitConfig fromFile(Path path) throws IOException {
        return TrunkConfig.fromFile(path, NitConfig::fromJson);
    }

    /** The config the official export stores in the checkpoint's {@code __metadata__.config}. */
    public static NitConfig fromWeights(SafetensorsFile file) {
        return TrunkConfig.fromWeights(file, NitConfig::fromJson);
    }

    private void validate() {
        TrunkConfig.checkTrunk(hiddenSize, depth, numHeads, mlpRatio, mlpHidden(), inChannels);
        TrunkConfig.require(patchSize == 1, "patch_size " + patchSize
                + " is not supported (the released NiT models use 1)");
        TrunkConfig.require(numClasses > 0 && numClasses <= 1 << 20, "num_classes must be in 1..1048576, found "
                + numClasses);
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
        TrunkConfig.expectInputShapes(m, d, inChannels);
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
        TrunkConfig.expectOutputShapes(m, d, inChannels);
        return m;
    }

    public String toJson() {
        JsonObject o = TrunkConfig.trunkJson(hiddenSize, depth, numHeads, mlpRatio, patchSize, inChannels);
        o.addProperty("num_classes", numClasses);
        o.addProperty("qk_norm", qkNorm);
        return o.toString();
    }
}
