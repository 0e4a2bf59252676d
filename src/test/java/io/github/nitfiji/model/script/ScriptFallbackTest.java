package io.github.nitfiji.model.script;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Golden;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scripted forward that cannot load or cannot run leaves eager results and exactly one notice. */
class ScriptFallbackTest {
    private static final String CASES = "nit_tiny_cases.safetensors";

    @Test
    void aModuleThatFailsToLoadGivesEagerResultsAndOneNotice() throws Exception {
        List<String> notices = new ArrayList<>();
        try (NitTransformer model = ScriptedForwardGoldenTest.load(DataType.FLOAT32, false)) {
            String broken = new NitScriptSource(model.config()).source().replace("torch.layer_norm", "torch.no_such_op");
            assertFalse(ScriptedNitForward.install(model, broken, notices::add));
            assertNull(model.groupForward());
            assertEquals(1, notices.size(), notices.toString());
            assertTrue(notices.get(0).startsWith("the scripted forward did not load, using the eager executor ("),
                    notices.get(0));
            assertMatchesGolden(model, "single_4x4");
            assertMatchesGolden(model, "packed_3x5_2x2");
            assertEquals(1, notices.size(), "one notice, however many forwards follow");
        }
    }

    @Test
    void aModuleThatFailsAtRunTimeFallsBackOnceWithTheSameResult() throws Exception {
        List<String> notices = new ArrayList<>();
        try (NitTransformer model = ScriptedForwardGoldenTest.load(DataType.FLOAT32, false)) {
            // loads fine, then indexes past the weight list on the first call
            String failing = new NitScriptSource(model.config()).source().replace("w[0]", "w[100000]");
            assertTrue(ScriptedNitForward.install(model, failing, notices::add));
            assertMatchesGolden(model, "single_4x4");
            assertNull(model.groupForward(), "eager from the first failure on");
            assertEquals(1, notices.size(), notices.toString());
            assertTrue(notices.get(0).contains("using the eager executor"), notices.get(0));
            assertMatchesGolden(model, "single_8x6");
            assertEquals(1, notices.size());
        }
    }

    @Test
    void generatedSourceFollowsTheConfigWithoutQkNorm() {
        NitConfig noNorm = new NitConfig(96, 2, 4, 2.0, 1, 32, 1000, false);
        String source = new NitScriptSource(noNorm).source();
        assertFalse(source.contains("q_norm") || source.contains("torch.layer_norm(qkv"), source);
        assertTrue(source.contains("for i in range(2):"), source);
        assertTrue(source.contains("q = qkv[0] * 0.2041241452319315"), source); // 1/sqrt(24)
    }

    private static void assertMatchesGolden(NitTransformer model, String name) {
        float[] out = ScriptedForwardGoldenTest.run(model, List.of(ScriptedForwardGoldenTest.find(name)));
        double err = Golden.relativeError(out, Golden.tensor(CASES, "fwd." + name + ".out"));
        assertTrue(err < 1e-5, name + " relative error " + err);
    }
}
