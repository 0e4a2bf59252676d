package io.github.nitfiji.model.transformer;

import com.google.gson.JsonObject;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.JsonFormatException;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.StrictJson;
import io.github.nitfiji.model.ModelConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the NiT, TiM-C2I and TiM-T2I configs share, done once: reading the official constructor
 * arguments from JSON text, a file or a checkpoint's {@code __metadata__.config}; checking and
 * writing the trunk fields; the keys of the patch embedder and the final linear. Every error is a
 * {@link ModelConfigException} that names the source.
 */
public final class TrunkConfig {
    private TrunkConfig() {
    }

    /**
     * Parses {@code json} and builds a config from its fields with {@code reader}. Errors of the
     * reader and of the config's own checks are prefixed with {@code source}.
     */
    public static <T> T fromJson(String json, String source, Function<JsonFields, T> reader) {
        JsonFields fields;
        try {
            fields = StrictJson.parseObject(json, source);
        } catch (JsonFormatException e) {
            throw new ModelConfigException(e.getMessage(), e);
        }
        try {
            return reader.apply(fields);
        } catch (JsonFormatException e) {
            // field errors already read "SOURCE: field 'x': problem"
            throw new ModelConfigException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelConfigException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a config file (UTF-8 JSON) with {@code fromJson(text, path)}. */
    public static <T> T fromFile(Path path, BiFunction<String, String, T> fromJson) throws IOException {
        return fromJson.apply(new String(Files.readAllBytes(path), StandardCharsets.UTF_8), path.toString());
    }

    /**
     * The config the official export stores in a checkpoint's {@code __metadata__.config}, after
     * checking that the file is of {@code family}.
     *
     * @param howToPass what the user can do instead when the file carries no config
     */
    public static <T> T fromWeights(SafetensorsFile file, CheckpointFamily family, String howToPass,
                                    BiFunction<String, String, T> fromJson) {
        String wrongFamily = CheckpointFamily.mismatch(family, file.tensors().keySet(), file.path().toString());
        if (wrongFamily != null) {
            throw new ModelConfigException(wrongFamily);
        }
        String json = file.metadata().get("config");
        if (json == null) {
            throw new ModelConfigException(file.path() + " has no __metadata__.config; pass the architecture with "
                    + howToPass);
        }
        return fromJson.apply(json, file.path() + " __metadata__.config");
    }

    /**
     * Checks the trunk fields every family has. Upper bounds far above any released model keep a
     * corrupt config from sizing absurd tensors.
     */
    public static void checkTrunk(int hiddenSize, int depth, int numHeads, double mlpRatio, int mlpHidden,
                                  int inChannels) {
        require(hiddenSize > 0 && hiddenSize <= 1 << 16, "hidden_size must be in 1..65536, found " + hiddenSize);
        require(depth > 0 && depth <= 1024, "depth must be in 1..1024, found " + depth);
        require(numHeads > 0 && hiddenSize % numHeads == 0,
                "num_heads (" + numHeads + ") must divide hidden_size (" + hiddenSize + ")");
        int headDim = hiddenSize / numHeads;
        require(headDim % 4 == 0, "head dim hidden_size/num_heads must be a multiple of 4 for 2D RoPE, found "
                + headDim);
        require(mlpRatio > 0 && mlpRatio <= 64 && mlpHidden > 0, "mlp_ratio must be in (0, 64], found " + mlpRatio);
        require(inChannels > 0 && inChannels <= 4096, "in_channels must be in 1..4096, found " + inChannels);
    }

    /** Throws a {@link ModelConfigException} with {@code message} unless {@code ok}. */
    public static void require(boolean ok, String message) {
        if (!ok) {
            throw new ModelConfigException(message);
        }
    }

    /** The trunk fields as the official constructor names them, in its order. */
    public static JsonObject trunkJson(int hiddenSize, int depth, int numHeads, double mlpRatio, int patchSize,
                                       int inChannels) {
        JsonObject o = new JsonObject();
        o.addProperty("hidden_size", hiddenSize);
        o.addProperty("depth", depth);
        o.addProperty("num_heads", numHeads);
        o.addProperty("mlp_ratio", mlpRatio);
        o.addProperty("patch_size", patchSize);
        o.addProperty("in_channels", inChannels);
        return o;
    }

    /** The patch embedder (a 1 x 1 convolution from latent channels to hidden) and the time embedder. */
    public static void expectInputShapes(Map<String, long[]> m, long hiddenSize, int inChannels) {
        m.put("x_embedder.proj.weight", new long[] {hiddenSize, inChannels, 1, 1});
        m.put("x_embedder.proj.bias", new long[] {hiddenSize});
        TimestepEmbedder.expectShapes(m, "t_embedder.", hiddenSize);
    }

    /** The final linear from hidden back to latent channels. */
    public static void expectOutputShapes(Map<String, long[]> m, long hiddenSize, int inChannels) {
        m.put("final_layer.linear.weight", new long[] {inChannels, hiddenSize});
        m.put("final_layer.linear.bias", new long[] {inChannels});
    }
}
