package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, item 13 at the command line: exit codes and wording for bad files and bad budgets. */
@Timeout(20)
class SmallFailuresTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int generate(String... extra) {
        String[] base = {"generate", "--nit-weights", Paths.get("models/smoke-test/nit.safetensors").toString(),
            "--class", "1", "--latent-size", "2x2", "--steps", "1", "--seed", "1", "--save-latent",
            dir.resolve("l.safetensors").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        err.reset();
        return Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBrokenConfigFileIsABadFileExitOne() throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), "{\"depth\": ");
        assertEquals(1, generate("--nit-config", config.toString()), err());
        assertFalse(err().matches("(?s).*[A-Za-z]+(Exception|Error)\\b.*"), "no class names: " + err());
    }

    @Test
    void foldersAndFifosGivenAsFilesAreNamedAsSuch() throws Exception {
        assertEquals(2, generate("--noise", dir.toString()), err());
        assertTrue(err().contains("is a folder"), err());
        Path fifo = dir.resolve("noise.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        assertEquals(2, generate("--noise", fifo.toString()), err());
        assertTrue(err().contains("is a FIFO or device"), err());
    }

    @Test
    void aNegativeMemoryBudgetIsRefused() {
        assertEquals(2, generate("--memory-budget", "-5"), err());
        assertTrue(err().contains("--memory-budget must be at least 1"), err());
    }
}
