package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: a thread count that is not a number stops the command line with a message naming the
 * setting, before DJL or libtorch sees it (no NumberFormatException, no libtorch text, no report
 * claiming the setting was used); a good one is what Diagnostics reports.
 */
class ThreadSettingsCliIT {
    @TempDir
    Path dir;

    private void refused(Map<String, String> env, List<String> jvm, String named, String value) throws Exception {
        CliRunner r = CliRunner.run(env, jvm, dir, "diagnostics");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains(named) && r.err.contains(value) && r.err.contains("whole number of at least 1"),
                r.toString());
        assertFalse(r.err.contains("Exception") || r.err.contains("Expected positive number"), r.toString());
    }

    @Test
    void badCountsAreNamed() throws Exception {
        refused(Map.of("OMP_NUM_THREADS", "abc"), List.of(), "OMP_NUM_THREADS", "'abc'");
        refused(Map.of(), List.of("-Dai.djl.pytorch.num_threads=0"), "-Dai.djl.pytorch.num_threads", "'0'");
        refused(Map.of(), List.of("-Dai.djl.pytorch.num_threads=abc"), "-Dai.djl.pytorch.num_threads", "'abc'");
    }

    @Test
    void aGoodCountIsTheOneReported() throws Exception {
        CliRunner r = CliRunner.run(Map.of("OMP_NUM_THREADS", "1"), List.of(), dir, "diagnostics");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("Threads: 1 intra-op (OMP_NUM_THREADS, set by you"), r.out);
        assertTrue(r.out.contains("CPU bfloat16 units: "), r.out);
    }
}
