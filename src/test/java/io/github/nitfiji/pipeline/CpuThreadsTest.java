package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Intra-op threads from the cores other processes leave free, as a table. */
class CpuThreadsTest {
    @Test
    void table() {
        Object[][] rows = {
            // processors, load average, threads
            {2, 0.0, 2}, {2, 0.4, 2}, {2, 0.6, 1}, {2, 1.0, 1}, {2, 25.0, 1},
            {8, 0.2, 8}, {8, 3.0, 5}, {8, 7.6, 1}, {8, -1.0, 8}, {1, 0.0, 1},
        };
        for (Object[] r : rows) {
            assertEquals((int) r[2], CpuThreads.intraOp((int) r[0], (double) r[1]), java.util.Arrays.toString(r));
        }
    }
}
