package io.github.nitfiji.model.gemma;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.ModelConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Gemma-3 text decoder's architecture from a Hugging Face {@code config.json}
 * ({@code Gemma3TextConfig}). Both config generations are read: the 4.5x one
 * ({@code sliding_window_pattern}, {@code rope_theta}, {@code rope_local_base_freq}) and the 5.x
 * one ({@code layer_types}, {@code rope_parameters}). Features TiM's encoder never exercises
 * (logit soft-capping, RoPE scaling, bidirectional attention, other activations) are refused
 * rather than silently ignored.
 */
public final class GemmaConfig {
    public final int vocabSize;
    public final int hiddenSize;
    public final int intermediateSize;
    public final int layers;
    public final int heads;
    public final int kvHeads;
    public final int headDim;
    public final double queryPreAttnScalar;
    public final double rmsNormEps;
    public final int slidingWindow;
    public final int padTokenId;
    /** Per layer: whether it attends globally (full attention, global RoPE base). */
    private final boolean[] global;
    public final double globalRopeBase;
    public final double localRopeBase;

    private GemmaConfig(JsonObject o, String source) {
        vocabSize = positive(o, "vocab_size", source);
        hiddenSize = positive(o, "hidden_size", source);
        intermediateSize = positive(o, "intermediate_size", source);
        layers = positive(o, "num_hidden_layers", source);
        heads = positive(o, "num_attention_heads", source);
        kvHeads = positive(o, "num_key_value_heads", source);
        headDim = positive(o, "head_dim", source);
        queryPreAttnScalar = number(o, "query_pre_attn_scalar", source);
        rmsNormEps = number(o, "rms_norm_eps", source);
        slidingWindow = positive(o, "sliding_window", source);
        padTokenId = o.has("pad_token_id") && !o.get("pad_token_id").isJsonNull() ? o.get("pad_token_id").getAsInt() : 0;
        if (heads % kvHeads != 0) {
            throw new ModelConfigException(source + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (headDim % 2 != 0) {
            throw new ModelConfigException(source + ": head_dim " + headDim + " must be even for RoPE");
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new ModelConfigException(source + ": pad_token_id " + padTokenId + " is outside the vocabulary");
        }
        requireAbsent(o, "attn_logit_softcapping", source);
        requireAbsent(o, "final_logit_softcapping", source);
        requireAbsent(o, "rope_scaling", source);
        if (o.has("use_bidirectional_attention") && o.get("use_bidirectional_attention").getAsBoolean()) {
            throw new ModelConfigException(source + ": use_bidirectional_attention is not supported (Gemma-3 text is causal)");
        }
        String activation = o.has("hidden_activation") ? o.get("hidden_activation").getAsString() : "gelu_pytorch_tanh";
        if (!activation.equals("gelu_pytorch_tanh")) {
            throw new ModelConfigException(source + ": hidden_activation '" + activation
                    + "' is not supported (Gemma-3 uses gelu_pytorch_tanh)");
        }
        global = layerTypes(o, layers, source);
        double[] bases = ropeBases(o, source);
        globalRopeBase = bases[0];
        localRopeBase = bases[1];
    }

    /** google/gemma-3-1b-it's text config (transformers 4.5x layout): for benchmarks and budgets. */
    public static GemmaConfig gemma3OneBillion() {
        return fromJson("{\"head_dim\":256,\"hidden_activation\":\"gelu_pytorch_tanh\",\"hidden_size\":1152,"
                + "\"intermediate_size\":6912,\"num_attention_heads\":4,\"num_hidden_layers\":26,"
                + "\"num_key_value_heads\":1,\"pad_token_id\":0,\"query_pre_attn_scalar\":256,\"rms_norm_eps\":1e-06,"
                + "\"rope_local_base_freq\":10000,\"rope_theta\":1000000,\"sliding_window\":512,"
                + "\"sliding_window_pattern\":6,\"vocab_size\":262144}", "Gemma-3-1B");
    }

    public static GemmaConfig fromJson(String json, String source) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new ModelConfigException(source + ": Gemma config is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException | StackOverflowError e) {
            throw new ModelConfigException(source + ": Gemma config is not valid JSON (" + e.getMessage() + ")");
        }
        try {
            return new GemmaConfig(o, source);
        } catch (ClassCastException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new ModelConfigException(source + ": Gemma config has a field of the wrong type (" + e.getMessage() + ")");
        }
    }

    public static GemmaConfig fromFile(Path path) throws IOException {
        return fromJson(new String(Files.readAllBytes(path), StandardCharsets.UTF_8), path.toString());
    }

    /** The config stored in a weights file's {@code __metadata__.config} (as the goldens carry it). */
    public static GemmaConfig fromWeights(SafetensorsFile file) {
        String json = file.metadata().get("config");
        if (json == null) {
            throw new ModelConfigException(file.path() + ": no __metadata__.config; give the model's config.json");
        }
        return fromJson(json, file.path() + " __metadata__.config");
    }

    public boolean isGlobal(int layer) {
        return global[layer];
    }

    /** sqrt(hidden) rounded to float32, as HF's scaled embedding holds it in a float32 model. */
    public float embedScale() {
        return (float) Math.sqrt(hiddenSize);
    }

    /** Every key the text model needs and its shape (HF Gemma3ForCausalLM names; lm_head is tied and unused). */
    public Map<String, long[]> expectedShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("model.embed_tokens.weight", new long[] {vocabSize, hiddenSize});
        for (int i = 0; i < layers; i++) {
            String p = "model.layers." + i + ".";
            for (String norm : new String[] {"input_layernorm", "post_attention_layernorm",
                    "pre_feedforward_layernorm", "post_feedforward_layernorm"}) {
                m.put(p + norm + ".weight", new long[] {hiddenSize});
            }
            m.put(p + "self_attn.q_proj.weight", new long[] {(long) heads * headDim, hiddenSize});
            m.put(p + "self_attn.k_proj.weight", new long[] {(long) kvHeads * headDim, hiddenSize});
            m.put(p + "self_attn.v_proj.weight", new long[] {(long) kvHeads * headDim, hiddenSize});
            m.put(p + "self_attn.o_proj.weight", new long[] {hiddenSize, (long) heads * headDim});
            m.put(p + "self_attn.q_norm.weight", new long[] {headDim});
            m.put(p + "self_attn.k_norm.weight", new long[] {headDim});
            m.put(p + "mlp.gate_proj.weight", new long[] {intermediateSize, hiddenSize});
            m.put(p + "mlp.up_proj.weight", new long[] {intermediateSize, hiddenSize});
            m.put(p + "mlp.down_proj.weight", new long[] {hiddenSize, intermediateSize});
        }
        m.put("model.norm.weight", new long[] {hiddenSize});
        return m;
    }

    /** Parameters of the decoder stack (what {@link #expectedShapes} holds). */
    public long parameterCount() {
        long n = 0;
        for (long[] shape : expectedShapes().values()) {
            long size = 1;
            for (long s : shape) {
                size *= s;
            }
            n += size;
        }
        return n;
    }

    private static boolean[] layerTypes(JsonObject o, int layers, String source) {
        boolean[] global = new boolean[layers];
        if (o.has("layer_types") && !o.get("layer_types").isJsonNull()) {
            JsonArray types = o.getAsJsonArray("layer_types");
            if (types.size() != layers) {
                throw new ModelConfigException(source + ": layer_types lists " + types.size() + " layers, not " + layers);
            }
            for (int i = 0; i < layers; i++) {
                String t = types.get(i).getAsString();
                if (!t.equals("full_attention") && !t.equals("sliding_attention")) {
                    throw new ModelConfigException(source + ": layer type '" + t + "' is not supported");
                }
                global[i] = t.equals("full_attention");
            }
            return global;
        }
        String key = o.has("sliding_window_pattern") ? "sliding_window_pattern" : "_sliding_window_pattern";
        int pattern = positive(o, key, source);
        for (int i = 0; i < layers; i++) {
            global[i] = (i + 1) % pattern == 0;
        }
        return global;
    }

    /** {global, local} RoPE bases. */
    private static double[] ropeBases(JsonObject o, String source) {
        if (o.has("rope_parameters") && o.get("rope_parameters").isJsonObject()) {
            JsonObject p = o.getAsJsonObject("rope_parameters");
            return new double[] {ropeTheta(p, "full_attention", source), ropeTheta(p, "sliding_attention", source)};
        }
        return new double[] {number(o, "rope_theta", source), number(o, "rope_local_base_freq", source)};
    }

    private static double ropeTheta(JsonObject parameters, String type, String source) {
        if (!parameters.has(type) || !parameters.get(type).isJsonObject()) {
            throw new ModelConfigException(source + ": rope_parameters has no '" + type + "' entry");
        }
        JsonObject p = parameters.getAsJsonObject(type);
        String ropeType = p.has("rope_type") ? p.get("rope_type").getAsString() : "default";
        if (!ropeType.equals("default")) {
            throw new ModelConfigException(source + ": rope_type '" + ropeType + "' for " + type
                    + " is not supported (Gemma-3-1B uses default RoPE)");
        }
        return number(p, "rope_theta", source);
    }

    private static void requireAbsent(JsonObject o, String key, String source) {
        if (o.has(key) && !o.get(key).isJsonNull()) {
            throw new ModelConfigException(source + ": " + key + " " + o.get(key)
                    + " is not supported (Gemma-3-1B has none)");
        }
    }

    private static int positive(JsonObject o, String key, String source) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            throw new ModelConfigException(source + ": Gemma config lacks '" + key + "'");
        }
        int v = o.get(key).getAsInt();
        if (v <= 0) {
            throw new ModelConfigException(source + ": '" + key + "' must be positive, found " + v);
        }
        return v;
    }

    private static double number(JsonObject o, String key, String source) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            throw new ModelConfigException(source + ": Gemma config lacks '" + key + "'");
        }
        double v = o.get(key).getAsDouble();
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ModelConfigException(source + ": '" + key + "' must be a positive number, found " + v);
        }
        return v;
    }
}
