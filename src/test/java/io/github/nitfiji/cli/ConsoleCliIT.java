package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25, item 10: what the packaged command line prints, and a jar copied without its lib folder. */
class ConsoleCliIT {
    @TempDir
    Path dir;

    @Test
    void aOneStepRunPrintsNoNnpackWarningAndNoSlf4jLines() throws Exception {
        CliRunner r = CliRunner.runWithThreads(1, dir, "generate", "--model", "smoke-test", "--prompt", "207",
                "--steps", "1", "--width", "64", "--height", "64", "--seed", "3", "--out", dir.resolve("a.png").toString());
        assertEquals(0, r.exitCode, r.toString());
        String console = r.out + r.err;
        assertFalse(console.contains("NNPACK"), console);
        assertFalse(console.contains("SLF4J"), console);
        assertTrue(Files.size(dir.resolve("a.png")) > 0);
    }

    @Test
    void diagnosticsHelpShowsHelp() throws Exception {
        CliRunner r = CliRunner.run(dir, "diagnostics", "--help");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.startsWith("usage: java -jar nit-cli.jar diagnostics"), r.out);
        assertFalse(r.out.contains("Engine:"), "help, not the report: " + r.out);
    }

    @Test
    void theJarCopiedWithoutItsLibFolderSaysWhatIsMissing() throws Exception {
        Path alone = Files.copy(CliRunner.JAR, dir.resolve("nit-cli.jar"), StandardCopyOption.REPLACE_EXISTING);
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", alone.toString(), "generate", "--prompt", "207")).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), text);
        assertTrue(text.startsWith("nit: error: nit-cli.jar cannot start: the libraries it needs are not next to it ("
                + dir.toAbsolutePath() + " lacks lib/"), text);
        assertTrue(text.contains("together with that folder"), text);
        assertFalse(text.contains("NoClassDefFoundError") || text.contains("Exception"), text);
    }
}
