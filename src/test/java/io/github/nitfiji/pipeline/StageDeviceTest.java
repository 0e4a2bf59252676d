package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.runtime.Executor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stage that cannot run on Apple's GPU falls back to the CPU, per stage, and says so. This
 * machine's libtorch has no MPS backend at all, so asking for mps here is a real failure of both
 * stages; the result must still be the golden image.
 */
class StageDeviceTest {
    @Test
    void stagesThatCannotRunOnMpsRunOnTheCpuAndTheImageIsStillRight() throws Exception {
        List<String> warnings = new ArrayList<>();
        try (Pipeline pipeline = TestPipelines.nit(TestFiles.golden("nit_tiny.safetensors"),
                TestFiles.golden("dcae_tiny.safetensors"), Device.fromName("mps"), DataType.FLOAT32, AttentionKind.EAGER,
                Executor.AUTO, warnings::add)) {
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("the NiT transformer cannot run on Apple's GPU (mps)"), warnings.get(0));
            assertTrue(warnings.get(1).startsWith("the DC-AE decoder cannot run on Apple's GPU (mps)"), warnings.get(1));
            assertTrue(warnings.get(0).endsWith("this stage runs on the CPU"));
            assertEquals(Device.cpu(), pipeline.decoder().device());
            GeneratedImage image = pipeline.generate(PipelineGoldenTest.e2eRequest(), GenerationProgress.NONE, () -> false)
                    .images.get(0);
            double err = Golden.relativeError(image.planes, Golden.tensor(Golden.DCAE_CASES, "e2e.image_f"));
            assertTrue(err < 1e-4, "image relative error " + err);
        }
    }

    @Test
    void otherDevicesLoadAsAskedWithoutProbing() throws Exception {
        List<String> warnings = new ArrayList<>();
        try (Pipeline pipeline = TestPipelines.nit(TestFiles.golden("nit_tiny.safetensors"),
                TestFiles.golden("dcae_tiny.safetensors"), Device.cpu(), DataType.FLOAT32, AttentionKind.EAGER,
                Executor.AUTO, warnings::add)) {
            assertEquals(List.of(), warnings);
            assertEquals(Device.cpu(), pipeline.decoder().device());
        }
    }
}
