package io.github.nitfiji.model.nit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A NiT built with {@code qk_norm=false} (no released model is) still scales the attention scores
 * by 1/sqrt(head_dim). The tiny golden weights are run without their q/k norms and compared to a
 * float64 numpy evaluation of the same architecture (src/tools/nit_no_qk_norm_reference.py).
 */
class NitNoQkNormTest {
    private static final String CASES = "nit_tiny_no_qk_norm_cases.safetensors";
    private static NitTransformer eager;
    private static NitTransformer fused;

    @BeforeAll
    static void load() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden("nit_tiny.safetensors"))) {
            NitConfig withNorms = NitConfig.fromWeights(f);
            assertTrue(withNorms.qkNorm, "the golden model is the qk_norm=true architecture");
            NitConfig config = new NitConfig(withNorms.hiddenSize, withNorms.depth, withNorms.numHeads,
                    withNorms.mlpRatio, withNorms.patchSize, withNorms.inChannels, withNorms.numClasses, false);
            eager = NitTransformer.load(config, new SafetensorsWeights(f), Device.cpu(), DataType.FLOAT32);
            fused = NitTransformer.load(config, new SafetensorsWeights(f), Device.cpu(), DataType.FLOAT32,
                    AttentionKind.FUSED, message -> fail(message));
        }
    }

    @AfterAll
    static void close() {
        eager.close();
        fused.close();
    }

    @Test
    void everyForwardCaseMatchesTheReferenceWithin1e5() {
        for (JsonElement e : Golden.index().getAsJsonArray("forward_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            float[] expected = Golden.tensor(CASES, "fwd." + name + ".out");
            double eagerError = Golden.relativeError(NitGoldenTest.run(eager, c), expected);
            assertTrue(eagerError < 1e-5, name + " (eager) relative error " + eagerError);
            double fusedError = Golden.relativeError(NitGoldenTest.run(fused, c), expected);
            assertTrue(fusedError < 1e-5, name + " (fused) relative error " + fusedError);
        }
    }

    @Test
    void theReferenceIsNotTheQkNormModelsOutput() {
        // guards the reference file itself: without the norms the outputs must really differ
        String name = "single_4x4";
        double distance = Golden.relativeError(Golden.tensor(CASES, "fwd." + name + ".out"),
                Golden.tensor("nit_tiny_cases.safetensors", "fwd." + name + ".out"));
        assertTrue(distance > 1e-2, "qk_norm=false reference is too close to the qk_norm=true output: " + distance);
    }
}
