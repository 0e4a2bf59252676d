package io.github.nitfiji.bench;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.gemma.GemmaTextEncoder;
import io.github.nitfiji.model.tim.TimT2iConfig;
import io.github.nitfiji.model.tim.TimT2iTransformer;
import org.junit.jupiter.api.Test;

/** The text-to-image benchmark code at a small size (a few Gemma and TiM layers, 64 px). */
class TextToImageTimingTest {
    @Test
    void measuresEveryPhaseAtASmallSize() throws Exception {
        GemmaConfig gemma = GemmaConfig.fromJson("{\"head_dim\":32,\"hidden_size\":64,\"intermediate_size\":128,"
                + "\"num_attention_heads\":4,\"num_hidden_layers\":2,\"num_key_value_heads\":1,"
                + "\"query_pre_attn_scalar\":32,\"rms_norm_eps\":1e-06,\"rope_local_base_freq\":10000,"
                + "\"rope_theta\":1000000,\"sliding_window\":512,\"sliding_window_pattern\":6,\"vocab_size\":300}",
                "small Gemma");
        TimT2iConfig tim = new TimT2iConfig(96, 2, 4, 4.0, 8, 64, true, true, 32);
        try (GemmaTextEncoder encoder = GemmaTextEncoder.load(gemma, new RandomWeights(gemma.expectedShapes(), 1),
                Device.cpu(), DataType.FLOAT32);
             TimT2iTransformer model = TimT2iTransformer.load(tim, new RandomWeights(tim.expectedShapes(), 2),
                     Device.cpu(), DataType.FLOAT32, AttentionKind.FUSED, m -> { })) {
            TextToImageTiming t = TextToImageTiming.measure(encoder, model, 64, 12, new int[] {1, 4});
            System.out.printf("small text-to-image: text %.1f ms, K/V %.1f ms, 1 step %.1f ms, 4 steps %.1f ms%n",
                    t.msTextEncoding, t.msPrepareCaptions, t.msPerRun[0], t.msPerRun[1]);
            assertTrue(t.msTextEncoding > 0 && t.msPrepareCaptions > 0);
            assertArrayEquals(new int[] {1, 4}, t.steps);
            assertTrue(t.msPerRun[1] > t.msPerRun[0], "4 guided steps take longer than 1 unguided");
        }
    }
}
