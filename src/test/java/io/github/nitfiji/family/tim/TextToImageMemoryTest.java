package io.github.nitfiji.family.tim;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.tim.TimT2iConfig;
import io.github.nitfiji.pipeline.MemoryPlan;
import org.junit.jupiter.api.Test;

/** The stated budgets: Gemma-3-1B about 4 GB in FP32, TiM-T2I 3.5 GB, phases never summed. */
class TextToImageMemoryTest {
    private static final String GEMMA_3_1B = "{\"head_dim\":256,\"hidden_activation\":\"gelu_pytorch_tanh\","
            + "\"hidden_size\":1152,\"intermediate_size\":6912,\"num_attention_heads\":4,\"num_hidden_layers\":26,"
            + "\"num_key_value_heads\":1,\"pad_token_id\":0,\"query_pre_attn_scalar\":256,\"rms_norm_eps\":1e-06,"
            + "\"rope_local_base_freq\":10000,\"rope_theta\":1000000,\"sliding_window\":512,"
            + "\"sliding_window_pattern\":6,\"vocab_size\":262144}";
    private static final GemmaConfig GEMMA = GemmaConfig.fromJson(GEMMA_3_1B, "gemma-3-1b-it config");
    private static final LatentSize SIZE_1024 = new LatentSize(32, 32);

    @Test
    void budgetsByPrecision() {
        // { precision, Gemma GB low, high, TiM-T2I at 1024^2 x 1 image GB low (weights alone), high }
        Object[][] table = {
            {DataType.FLOAT32, 4.0, 4.2, 3.46, 4.0},
            {DataType.FLOAT16, 2.0, 2.2, 1.73, 2.0},
        };
        for (Object[] row : table) {
            DataType precision = (DataType) row[0];
            double text = TextToImageMemory.textEncoderBytes(GEMMA, precision, 256) / 1e9;
            double tim = TextToImageMemory.transformerBytes(TimT2iConfig.xl(), precision, AttentionKind.FUSED, 1,
                    SIZE_1024, 256) / 1e9;
            assertTrue(text >= (double) row[1] && text <= (double) row[2], precision + " Gemma " + text + " GB");
            assertTrue(tim >= (double) row[3] && tim <= (double) row[4], precision + " TiM-T2I " + tim + " GB");
        }
    }

    @Test
    void eagerAttentionAndMoreImagesCostMore() {
        long fused = TextToImageMemory.transformerBytes(TimT2iConfig.xl(), DataType.FLOAT32, AttentionKind.FUSED, 1,
                new LatentSize(128, 128), 256);
        long eager = TextToImageMemory.transformerBytes(TimT2iConfig.xl(), DataType.FLOAT32, AttentionKind.EAGER, 1,
                new LatentSize(128, 128), 256);
        long four = TextToImageMemory.transformerBytes(TimT2iConfig.xl(), DataType.FLOAT32, AttentionKind.FUSED, 4,
                new LatentSize(128, 128), 256);
        assertTrue(eager > fused + 10_000_000_000L, "4096^2 eager scores are tens of GB");
        assertTrue(four > fused);
    }

    @Test
    void thePeakIsThePhaseNotTheSumAndRefusalsAdvise() throws Exception {
        assertEquals(5, TextToImageMemory.peakBytes(3, 5, 4));
        long text = TextToImageMemory.textEncoderBytes(GEMMA, DataType.FLOAT32, 256);
        TextToImageMemory.check(text, 3_600_000_000L, 1_000_000_000L, 5_000_000_000L, DataType.FLOAT32);
        MemoryPlan.MemoryBudgetException e = assertThrows(MemoryPlan.MemoryBudgetException.class,
                () -> TextToImageMemory.check(text, 3_600_000_000L, 1_000_000_000L, 3_000_000_000L,
                        DataType.FLOAT32));
        assertTrue(e.getMessage().contains("encoding the prompts with Gemma"), e.getMessage());
        assertTrue(e.getMessage().contains("--precision fp16"), e.getMessage());
    }
}
