package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.io.TensorInfo;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.sampling.NonFiniteResultException;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 2: NaN or infinite numbers end the run with an error naming the likely cause;
 * they never become a confident black image.
 */
class NonFiniteTest {
    @TempDir
    Path dir;

    private static GenerationRequest.Builder request(double cfg) {
        return GenerationRequest.builder().classes(207).latentSize(new LatentSize(2, 3))
                .sampling(new SamplerSettings(SamplerKind.ODE, 2, cfg, 0.0, 1.0)).seed(7L);
    }

    private static Pipeline load(Path nit, Path dcae) throws Exception {
        return TestPipelines.nit(nit, dcae);
    }

    /** A copy of a golden weights file with every value of the tensors named {@code prefix}* replaced. */
    private Path poisoned(String golden, String prefix, float value) throws Exception {
        Path out = dir.resolve("poisoned-" + golden);
        try (SafetensorsFile in = SafetensorsFile.open(TestFiles.golden(golden))) {
            SafetensorsWriter w = new SafetensorsWriter();
            for (TensorInfo t : in.tensors().values()) {
                float[] v = in.readFloats(t.name());
                if (t.name().startsWith(prefix)) {
                    Arrays.fill(v, value);
                }
                w.put(t.name(), t.shape(), v);
            }
            for (Map.Entry<String, String> m : in.metadata().entrySet()) {
                w.metadata(m.getKey(), m.getValue());
            }
            w.write(out);
        }
        return out;
    }

    @Test
    void anOverflowingCfgScaleIsAnErrorNotABlackImage() throws Exception {
        try (Pipeline p = load(TestFiles.golden("nit_tiny.safetensors"), TestFiles.golden("dcae_tiny.safetensors"))) {
            NonFiniteResultException e = assertThrows(NonFiniteResultException.class,
                    () -> p.generate(request(1e308).build(), GenerationProgress.NONE, () -> false));
            assertTrue(e.getMessage().contains("sampling image 1 produced NaN or infinite values")
                    && e.getMessage().contains("CFG scale of 1.0E308"), e.getMessage());
        }
    }

    @Test
    void nanNoiseIsNamed() throws Exception {
        try (Pipeline p = load(TestFiles.golden("nit_tiny.safetensors"), TestFiles.golden("dcae_tiny.safetensors"))) {
            float[] noise = new float[6 * p.stage().channels()];
            noise[5] = Float.NaN;
            NonFiniteResultException e = assertThrows(NonFiniteResultException.class,
                    () -> p.generate(request(3).noise(noise).build(), GenerationProgress.NONE, () -> false));
            assertTrue(e.getMessage().contains("initial noise holds NaN at position 5"), e.getMessage());
        }
    }

    @Test
    void nanNitWeightsAreCaughtAfterSampling() throws Exception {
        try (Pipeline p = load(poisoned("nit_tiny.safetensors", "final_layer", Float.NaN),
                TestFiles.golden("dcae_tiny.safetensors"))) {
            NonFiniteResultException e = assertThrows(NonFiniteResultException.class,
                    () -> p.generate(request(3).build(), GenerationProgress.NONE, () -> false));
            assertTrue(e.getMessage().startsWith("sampling") && e.getMessage().contains("weights"), e.getMessage());
        }
    }

    @Test
    void hugeDecoderWeightsAreCaughtAfterDecoding() throws Exception {
        try (Pipeline p = load(TestFiles.golden("nit_tiny.safetensors"),
                poisoned("dcae_tiny.safetensors", "decoder.conv_in", 3e38f))) {
            NonFiniteResultException e = assertThrows(NonFiniteResultException.class,
                    () -> p.generate(request(3).build(), GenerationProgress.NONE, () -> false));
            assertTrue(e.getMessage().startsWith("decoding image 1"), e.getMessage());
        }
    }
}
