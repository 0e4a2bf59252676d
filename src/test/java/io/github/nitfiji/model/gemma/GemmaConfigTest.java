package io.github.nitfiji.model.gemma;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.model.ModelConfigException;
import org.junit.jupiter.api.Test;

/** Both Hugging Face config generations, and refusals of what TiM's encoder never runs. */
class GemmaConfigTest {
    /** google/gemma-3-1b-it's config.json fields that matter (transformers 4.5x layout). */
    static final String GEMMA_3_1B = "{\"architectures\":[\"Gemma3ForCausalLM\"],\"attention_bias\":false,"
            + "\"attn_logit_softcapping\":null,\"bos_token_id\":2,\"eos_token_id\":[1,106],"
            + "\"final_logit_softcapping\":null,\"head_dim\":256,\"hidden_activation\":\"gelu_pytorch_tanh\","
            + "\"hidden_size\":1152,\"intermediate_size\":6912,\"max_position_embeddings\":32768,"
            + "\"model_type\":\"gemma3_text\",\"num_attention_heads\":4,\"num_hidden_layers\":26,"
            + "\"num_key_value_heads\":1,\"pad_token_id\":0,\"query_pre_attn_scalar\":256,"
            + "\"rms_norm_eps\":1e-06,\"rope_local_base_freq\":10000,\"rope_scaling\":null,\"rope_theta\":1000000,"
            + "\"sliding_window\":512,\"sliding_window_pattern\":6,\"torch_dtype\":\"bfloat16\","
            + "\"vocab_size\":262144}";

    @Test
    void gemma3OneBillionLayoutAndSize() {
        GemmaConfig c = GemmaConfig.fromJson(GEMMA_3_1B, "config.json");
        for (int i = 0; i < 26; i++) {
            assertEquals(i == 5 || i == 11 || i == 17 || i == 23, c.isGlobal(i), "layer " + i);
        }
        assertEquals(1e6, c.globalRopeBase);
        assertEquals(1e4, c.localRopeBase);
        assertEquals(999_885_952L, c.parameterCount());
        assertEquals((float) Math.sqrt(1152), c.embedScale());
    }

    @Test
    void unsupportedFeaturesAreRefusedByName() {
        String softcap = GEMMA_3_1B.replace("\"attn_logit_softcapping\":null", "\"attn_logit_softcapping\":50.0");
        assertTrue(assertThrows(ModelConfigException.class, () -> GemmaConfig.fromJson(softcap, "c"))
                .getMessage().contains("attn_logit_softcapping"));
        String scaled = GEMMA_3_1B.replace("\"rope_scaling\":null", "\"rope_scaling\":{\"factor\":8.0}");
        assertTrue(assertThrows(ModelConfigException.class, () -> GemmaConfig.fromJson(scaled, "c"))
                .getMessage().contains("rope_scaling"));
        String gqa = GEMMA_3_1B.replace("\"num_key_value_heads\":1", "\"num_key_value_heads\":3");
        assertTrue(assertThrows(ModelConfigException.class, () -> GemmaConfig.fromJson(gqa, "c"))
                .getMessage().contains("not a multiple"));
        assertTrue(assertThrows(ModelConfigException.class, () -> GemmaConfig.fromJson("[1]", "c"))
                .getMessage().contains("expected a JSON object"));
    }
}
