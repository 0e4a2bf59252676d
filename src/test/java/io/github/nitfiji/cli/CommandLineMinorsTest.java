package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 minors at the command line, each refused before any work with words for people: a
 * models folder that is a file, {@code bench --batches 0}, a {@code --json} report that could not
 * be written (checked before the run, not after it).
 */
@Timeout(30)
class CommandLineMinorsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aModelsFolderThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
        assertEquals(2, run("generate", "--models-dir", file.toString(), "--class", "1", "--latent-size", "2x2",
                "--save-latent", dir.resolve("l.safetensors").toString()), err());
        assertTrue(err().contains(file + " is a file, not a folder"), err());
    }

    @Test
    void benchRefusesZeroBatchesInWords() {
        assertEquals(2, run("bench", "--batches", "0"), err());
        assertTrue(err().contains("--batches must be whole numbers of at least 1, found 0"), err());
    }

    @Test
    void aReportThatCouldNotBeWrittenIsRefusedBeforeTheRun() throws Exception {
        assertEquals(2, run("bench", "--json", dir.toString(), "--sizes", "32", "--depth", "1", "--batches", "1",
                "--decode-sizes", "0"), err());
        assertTrue(err().contains("--json " + dir + " is a folder"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing was measured");
        assumeTrue(Files.isDirectory(Paths.get("/proc/self")), "Linux /proc");
        assertEquals(2, run("selftest", "--bench", "off", "--json", "/proc/report.json"), err());
        assertTrue(err().contains("--json /proc/report.json: folder /proc does not accept new files"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "no check ran");
    }
}
