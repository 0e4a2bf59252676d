package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.selftest.Diagnostics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device and precision choices, as far as a CPU-only machine can check them. */
class DeviceAndPrecisionTest {
    @Test
    void autoAndCpuRunOnTheCpuHere() {
        List<String> warnings = new ArrayList<>();
        assertEquals(DeviceChoice.gpuCount() > 0 ? Device.gpu(0) : Device.cpu(), DeviceChoice.resolve("auto", warnings::add));
        assertEquals(Device.cpu(), DeviceChoice.resolve("cpu", warnings::add));
        assertTrue(warnings.isEmpty());
    }

    @Test
    void aMissingGpuFallsBackToTheCpuWithAWarning() {
        List<String> warnings = new ArrayList<>();
        int gpus = DeviceChoice.gpuCount();
        Device d = DeviceChoice.resolve("gpu:" + gpus, warnings::add);
        assertEquals(Device.cpu(), d);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("GPU " + gpus + " was requested"), warnings.get(0));
    }

    @Test
    void unknownDevicesAndPrecisionsAreUsageErrors() {
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("tpu", w -> { }));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("gpu:x", w -> { }));
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("int8"));
    }

    @Test
    void autoPrecisionIsHalfOnGpuAndFullOnCpu() {
        assertEquals(DataType.FLOAT32, Precision.AUTO.dataType(Device.cpu()));
        assertEquals(DataType.FLOAT16, Precision.AUTO.dataType(Device.gpu(0)));
        assertEquals(DataType.FLOAT16, Precision.FP16.dataType(Device.cpu()));
        assertEquals(DataType.FLOAT32, Precision.FP32.dataType(Device.gpu(0)));
    }

    @Test
    void diagnosticsNameEngineDevicesAndFolders() {
        String r = String.join("\n", Diagnostics.report());
        assertTrue(r.contains("Engine: PyTorch 2.7.1"), r);
        assertTrue(r.contains("Devices: cpu()"), r);
        for (String label : new String[] {"DJL: 0.36.0", "Natives cache: ", "Models folder: ", "CUDA: ", "Physical memory: "}) {
            assertTrue(r.contains(label), label + " in " + r);
        }
        assertFalse(r.contains("failed"), r);
    }
}
