package io.github.nitfiji.model.gemma;

import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.UserText;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.transformer.TrunkConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Errors of the checks below name no source: {@link TrunkConfig#fromJson} prefixes it. */
    private GemmaConfig(JsonFields o) {
        vocabSize = positive(o, "vocab_size");
        hiddenSize = positive(o, "hidden_size");
        intermediateSize = positive(o, "intermediate_size");
        layers = positive(o, "num_hidden_layers");
        heads = positive(o, "num_attention_heads");
        kvHeads = positive(o, "num_key_value_heads");
        headDim = positive(o, "head_dim");
        queryPreAttnScalar = number(o, "query_pre_attn_scalar");
        rmsNormEps = number(o, "rms_norm_eps");
        slidingWindow = positive(o, "sliding_window");
        padTokenId = o.optionalInt("pad_token_id", 0);
        if (heads % kvHeads != 0) {
            throw new ModelConfigException("num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (headDim % 2 != 0) {
            throw new ModelConfigException("head_dim " + headDim + " must be even for RoPE");
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new ModelConfigException("pad_token_id " + padTokenId + " is outside the vocabulary");
        }
        requireAbsent(o, "attn_logit_softcapping");
        requireAbsent(o, "final_logit_softcapping");
        requireAbsent(o, "rope_scaling");
        if (o.optionalBoolean("use_bidirectional_attention", false)) {
            throw new ModelConfigException("use_bidirectional_attention is not supported (Gemma-3 text is causal)");
        }
        String activation = o.optionalString("hidden_activation", "gelu_pytorch_tanh");
        if (!activation.equals("gelu_pytorch_tanh")) {
            throw new ModelConfigException("hidden_activation '" + UserText.shown(activation)
                    + "' is not supported (Gemma-3 uses gelu_pytorch_tanh)");
        }
        global = layerTypes(o, layers);
        double[] bases = ropeBases(o);
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

    /** Read with the one strict JSON reader: a field of the wrong type ("28", 28.5) is an error naming it. */
    public static GemmaConfig fromJson(String json, String source) {
        return TrunkConfig.fromJson(json, source, GemmaConfig::new);
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

    private static boolean[] layerTypes(JsonFields o, int layers) {
        boolean[] global = new boolean[layers];
        if (o.has("layer_types")) {
            List<String> types = o.requiredStringArray("layer_types");
            if (types.size() != layers) {
                throw o.error("layer_types", "lists " + types.size() + " layers, not " + layers);
            }
            for (int i = 0; i < layers; i++) {
                String t = types.get(i);
                if (!t.equals("full_attention") && !t.equals("sliding_attention")) {
                    throw o.error("layer_types[" + i + "]", "layer type '" + UserText.shown(t) + "' is not supported");
                }
                global[i] = t.equals("full_attention");
            }
            return global;
        }
        String key = o.has("sliding_window_pattern") ? "sliding_window_pattern" : "_sliding_window_pattern";
        int pattern = positive(o, key);
        for (int i = 0; i < layers; i++) {
            global[i] = (i + 1) % pattern == 0;
        }
        return global;
    }

    /** {global, local} RoPE bases. */
    private static double[] ropeBases(JsonFields o) {
        if (o.has("rope_parameters")) {
            JsonFields p = o.requiredObject("rope_parameters");
            return new double[] {ropeTheta(p, "full_attention"), ropeTheta(p, "sliding_attention")};
        }
        return new double[] {number(o, "rope_theta"), number(o, "rope_local_base_freq")};
    }

    private static double ropeTheta(JsonFields parameters, String type) {
        JsonFields p = parameters.requiredObject(type);
        String ropeType = p.optionalString("rope_type", "default");
        if (!ropeType.equals("default")) {
            throw p.error("rope_type", "'" + UserText.shown(ropeType) + "' is not supported (Gemma-3-1B uses default RoPE)");
        }
        return number(p, "rope_theta");
    }

    private static void requireAbsent(JsonFields o, String key) {
        if (o.has(key)) {
            throw o.error(key, "is not supported (Gemma-3-1B has none)");
        }
    }

    private static int positive(JsonFields o, String key) {
        int v = o.requiredInt(key);
        if (v <= 0) {
            throw o.error(key, "must be positive, found " + v);
        }
        return v;
    }

    private static double number(JsonFields o, String key) {
        double v = o.requiredNumber(key);
        if (!(v > 0)) {
            throw o.error(key, "must be a positive number, found " + v);
        }
        return v;
    }
}
