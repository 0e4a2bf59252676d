package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Intra-op threads: the user's count (checked, with a message naming a bad one), else every core,
 * set per request on the computing thread; OpenMP spins briefly on Linux unless the user chose.
 */
class CpuThreadsTest {
    @Test
    void explicitCountsAndWhichOneWins() {
        assertTrue(CpuThreads.explicit(null, null).isEmpty(), "nothing set: NiT's default (every core)");
        assertEquals(3, CpuThreads.explicit("3", null).getAsInt());
        assertEquals(4, CpuThreads.explicit(null, "4").getAsInt());
        assertEquals(4, CpuThreads.explicit(null, " 4 ").getAsInt());
        assertEquals(4, CpuThreads.explicit(null, "4,2").getAsInt(), "OpenMP's nested list: the first level");
        assertEquals(2, CpuThreads.explicit("2", "6").getAsInt(), "DJL's property wins over OMP_NUM_THREADS");
    }

    /** Issue 24: a bad value is named with the setting it came from, before DJL or libtorch sees it. */
    @Test
    void badCountsAreRefusedNamingTheSetting() {
        String[][] rows = {
            // -Dai.djl.pytorch.num_threads, OMP_NUM_THREADS, the setting named, the value quoted
            {"0", null, "-Dai.djl.pytorch.num_threads", "'0'"},
            {"abc", null, "-Dai.djl.pytorch.num_threads", "'abc'"},
            {"-2", null, "-Dai.djl.pytorch.num_threads", "'-2'"},
            {"1.5", null, "-Dai.djl.pytorch.num_threads", "'1.5'"},
            {null, "abc", "OMP_NUM_THREADS", "'abc'"},
            {null, "0", "OMP_NUM_THREADS", "'0'"},
            {null, "", "OMP_NUM_THREADS", "''"},
            {null, "x,2", "OMP_NUM_THREADS", "'x,2'"},
            {"2", "abc", "OMP_NUM_THREADS", "'abc'"},
        };
        for (String[] r : rows) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CpuThreads.explicit(r[0], r[1]), java.util.Arrays.toString(r));
            assertTrue(e.getMessage().contains(r[2]) && e.getMessage().contains(r[3])
                    && e.getMessage().contains("whole number of at least 1"), e.getMessage());
            assertFalse(e.getMessage().contains("NumberFormatException"), e.getMessage());
        }
    }

    /** libtorch takes a new count between operations, on the thread that computes. */
    @Test
    void theCountIsSetPerRequestOnTheComputingThread() {
        EngineSetup.inferenceThread();
        int expected = CpuThreads.explicit(System.getProperty(CpuThreads.INTRA), System.getenv(CpuThreads.OMP_THREADS))
                .orElse(Runtime.getRuntime().availableProcessors());
        int before = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        try {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(expected == 1 ? 2 : 1); // as an earlier moment chose
            assertEquals(expected, CpuThreads.forRequest());
            assertEquals(expected, ai.djl.pytorch.jni.JniUtils.getNumThreads());
            assertTrue(CpuThreads.describe().contains("set at each request"), CpuThreads.describe());
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(before);
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
