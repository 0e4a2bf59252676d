package io.github.nitfiji.train;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.nit.NitConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reference step of the official trainer (golden/train): loss within 1e-5 relative, every
 * gradient, update and EMA change within 1e-4 relative L2, full fine-tuning in FP32.
 */
class TrainStepGoldenTest {
    @TempDir
    static Path dir;
    private static Map<String, float[]> ours;
    /** The same steps with backward checkpointed (each block recomputed): the official gradients too. */
    private static Map<String, float[]> checkpointed;
    private static NitConfig config;

    @BeforeAll
    static void runSteps() throws Exception {
        Path weights = TestFiles.golden(TrainGolden.WEIGHTS);
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            config = NitConfig.fromWeights(f);
        }
        ours = ExplicitSteps.run(weights, config, TrainGolden.writeBatches(dir),
                new ExplicitSteps.Settings(1e-3, 0.9, 0.95, 1e-6, 0.01, 1.0, 0.99).checkpointing(false));
        checkpointed = ExplicitSteps.run(weights, config,
                TrainGolden.writeBatches(java.nio.file.Files.createDirectories(dir.resolve("checkpointed"))),
                new ExplicitSteps.Settings(1e-3, 0.9, 0.95, 1e-6, 0.01, 1.0, 0.99).checkpointing(true));
    }

    @Test
    void lossOfEveryStepWithin1e5() throws Exception {
        lossOfEveryStepWithin1e5(ours);
        lossOfEveryStepWithin1e5(checkpointed);
    }

    @Test
    void everyGradientDeltaAndEmaDeltaWithin1e4() throws Exception {
        everyGradientDeltaAndEmaDeltaWithin1e4(ours);
        everyGradientDeltaAndEmaDeltaWithin1e4(checkpointed);
    }

    private static void lossOfEveryStepWithin1e5(Map<String, float[]> ours) throws Exception {
        List<com.google.gson.JsonObject> steps = TrainGolden.steps();
        assertEquals(2, steps.size());
        for (com.google.gson.JsonObject step : steps) {
            String name = step.get("name").getAsString();
            double reference = step.get("loss").getAsDouble();
            double loss = ours.get(name + ".loss")[0];
            assertEquals(reference, loss, 1e-5 * Math.abs(reference), name + " loss");
        }
    }

    private static void everyGradientDeltaAndEmaDeltaWithin1e4(Map<String, float[]> ours) throws Exception {
        int compared = 0;
        try (SafetensorsFile cases = SafetensorsFile.open(TestFiles.golden(TrainGolden.CASES))) {
            for (String key : cases.tensors().keySet()) {
                if (!key.contains(".grad.") && !key.contains(".delta.") && !key.contains(".ema_delta.")) {
                    continue;
                }
                float[] mine = ours.get(key);
                assertNotNull(mine, "no output " + key);
                float[] reference = cases.readFloats(key);
                if (key.contains(".projector.")) {
                    // REPA's head gets no gradient without the REPA term: no update at all
                    assertArrayEquals(reference, mine, key);
                    compared++;
                    continue;
                }
                double err = Golden.relativeError(mine, reference);
                assertTrue(err < 1e-4, key + " relative error " + err);
                compared++;
            }
        }
        // 2 steps x (39 weights x (grad, delta, ema_delta) + 6 projector weights x (delta, ema_delta))
        assertEquals(2 * (39 * 3 + 6 * 2), compared);
        assertEquals(compared + 2, ours.size(), "no outputs beyond the official ones");
    }
}
