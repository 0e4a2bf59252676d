package io.github.nitfiji.io;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loaded weights do not hold Java direct memory: DJL would otherwise keep each tensor's direct
 * buffer alive, and the JVM's direct-memory cap (a quarter of the RAM for {@code java -jar})
 * refused TiM-T2I with Gemma-3 (7.5 GB) on a 24 GB machine.
 */
class NativeOwnedWeightsTest {
    private static final int TENSORS = 8;
    private static final int FLOATS = 2_000_000; // 8 MB each, 64 MB in all

    @TempDir
    Path dir;

    @Test
    void loadedWeightsLeaveNoJavaDirectMemoryBehind() throws Exception {
        SafetensorsWriter writer = new SafetensorsWriter();
        for (int t = 0; t < TENSORS; t++) {
            float[] values = new float[FLOATS];
            values[FLOATS - 1] = t + 0.5f;
            writer.put("w" + t, new long[] {FLOATS / 1000, 1000}, values);
        }
        Path file = dir.resolve("big.safetensors");
        writer.write(file);

        long before = directBytesAfterGc();
        try (SafetensorsFile f = SafetensorsFile.open(file); NDManager m = NDManager.newBaseManager()) {
            List<NDArray> held = new ArrayList<>();
            for (int t = 0; t < TENSORS; t++) {
                held.add(f.load("w" + t, m, DataType.FLOAT32));
            }
            long growth = directBytesAfterGc() - before;
            assertTrue(growth < 8L << 20, "Java direct memory grew by " + growth + " bytes for "
                    + (TENSORS * 4L * FLOATS) + " bytes of weights still in use");
            for (int t = 0; t < TENSORS; t++) {
                assertEquals(t + 0.5f, held.get(t).get(FLOATS / 1000 - 1, 999).getFloat(), "the copy is the data");
            }
        }
    }

    /** Direct-buffer bytes in use once unreachable buffers have been collected. */
    private static long directBytesAfterGc() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        long used = direct.getMemoryUsed();
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(50);
            long now = direct.getMemoryUsed();
            if (now == used && i > 2) {
                break;
            }
            used = now;
        }
        return used;
    }
}
