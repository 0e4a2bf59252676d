package io.github.nitfiji.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Issue 25, item 11: selftest's default benchmark is quick on the CPU and full on a GPU. */
class SelfTestBenchSizeTest {
    @Test
    void autoIsQuickOnTheCpuAndFullOnAGpu() {
        assertEquals(SelfTestBench.Size.QUICK, SelfTestBench.Size.AUTO.forDevice(Device.cpu()));
        assertEquals(SelfTestBench.Size.FULL, SelfTestBench.Size.AUTO.forDevice(Device.gpu(0)));
        assertEquals(SelfTestBench.Size.FULL, SelfTestBench.Size.AUTO.forDevice(Device.of("mps", -1)));
    }

    @Test
    void aChosenSizeIsKeptOnEveryDevice() {
        for (SelfTestBench.Size size : new SelfTestBench.Size[] {SelfTestBench.Size.FULL, SelfTestBench.Size.QUICK,
            SelfTestBench.Size.OFF}) {
            assertEquals(size, size.forDevice(Device.cpu()));
            assertEquals(size, size.forDevice(Device.gpu(1)));
        }
    }
}
