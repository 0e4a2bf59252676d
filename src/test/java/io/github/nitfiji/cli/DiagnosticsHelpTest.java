package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 25, item 10: {@code diagnostics --help} shows help instead of running the report. */
class DiagnosticsHelpTest {
    @Test
    void helpAndBadOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(new String[] {"diagnostics", "--help"}, o, e));
        assertEquals(Main.DIAGNOSTICS_HELP + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
        assertEquals(0, Main.run(new String[] {"diagnostics", "-h"}, o, e));
        assertEquals(2, Main.run(new String[] {"diagnostics", "--gpu"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("diagnostics takes no options, got '--gpu'"),
                err.toString(StandardCharsets.UTF_8));
    }
}
