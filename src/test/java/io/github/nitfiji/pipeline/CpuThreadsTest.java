package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Intra-op threads: every core unless the machine was saturated at start; OpenMP spins briefly on
 * Linux unless the user chose; as tables.
 */
class CpuThreadsTest {
    @Test
    void table() {
        Object[][] rows = {
            // processors, load average, threads
            {2, 0.0, 2}, {2, 0.6, 2}, {2, 1.5, 2}, {2, 2.0, 1}, {2, 25.0, 1},
            {8, 0.2, 8}, {8, 3.0, 8}, {8, 7.9, 8}, {8, 8.0, 4}, {8, 30.0, 4}, {8, -1.0, 8}, {1, 0.0, 1},
            {1, 3.0, 1},
        };
        for (Object[] r : rows) {
            assertEquals((int) r[2], CpuThreads.intraOp((int) r[0], (double) r[1]), java.util.Arrays.toString(r));
        }
    }

    @Test
    void spinCountTable() {
        String[][] rows = {
            // os.name, OMP_WAIT_POLICY, GOMP_SPINCOUNT, what NiT sets ("" = nothing)
            {"Linux", null, null, "10000"},
            {"linux", null, null, "10000"},
            {"Linux", "ACTIVE", null, ""},
            {"Linux", "passive", null, ""},
            {"Linux", null, "10000", ""},
            {"Mac OS X", null, null, ""},
            {"Windows 11", null, null, ""},
            {null, null, null, ""},
        };
        for (String[] r : rows) {
            assertEquals(r[3], CpuThreads.spinCount(r[0], r[1], r[2]).orElse(""), java.util.Arrays.toString(r));
        }
    }

    /** libgomp reads C's environment, not Java's copy: the value must be visible there. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void shortSpinReachesTheNativeEnvironment() {
        assumeTrue(System.getenv(CpuThreads.WAIT_POLICY) == null && System.getenv(CpuThreads.SPIN_COUNT) == null,
                "the user chose an OpenMP wait policy for this JVM");
        CpuThreads.defaults();
        assertEquals("10000", Native.load("c", CEnvironment.class).getenv(CpuThreads.SPIN_COUNT));
    }

    private interface CEnvironment extends Library {
        String getenv(String name);
    }
}
