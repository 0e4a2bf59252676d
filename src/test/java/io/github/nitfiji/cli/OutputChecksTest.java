package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * Issue 13, items 3 and 11 at the command line: a run whose outputs would destroy an input, each
 * other, or cannot be written stops before loading anything (well inside the timeout, which a
 * run that loads and samples first would not be).
 */
@Timeout(10)
class OutputChecksTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int generate(String... extra) throws Exception {
        Path weights = dir.resolve("nit.safetensors");
        if (!Files.exists(weights)) {
            Files.copy(Paths.get("models/smoke-test/nit.safetensors"), weights);
        }
        String[] base = {"generate", "--nit-weights", weights.toString(), "--class", "1", "--latent-size", "2x2",
            "--steps", "1", "--seed", "1"};
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
    void saveLatentOntoTheWeightsIsRefusedAndTheWeightsSurvive() throws Exception {
        Path weights = dir.resolve("nit.safetensors");
        Files.copy(Paths.get("models/smoke-test/nit.safetensors"), weights);
        byte[] before = Files.readAllBytes(weights);
        assertEquals(2, generate("--save-latent", weights.toString()), err());
        assertTrue(err().contains("is the --nit-weights this run reads"), err());
        assertArrayEquals(before, Files.readAllBytes(weights));
        assertTrue(!err().contains("loading"), "refused before loading: " + err());
    }

    @Test
    void outAndSaveLatentMayNotBeTheSameFile() throws Exception {
        Path same = dir.resolve("x.tif");
        assertEquals(2, generate("--ae-weights", Paths.get("models/smoke-test/dcae.safetensors").toString(),
                "--out", same.toString(), "--save-latent", same.toString()), err());
        assertTrue(err().contains("same file as --out"), err());
    }

    @Test
    void aFolderThatTakesNoFilesIsRefusedUpFrontWithTheReason() throws Exception {
        assumeTrue(Files.isDirectory(Paths.get("/proc/self")), "Linux /proc");
        assertEquals(2, generate("--save-latent", "/proc/x.safetensors"), err());
        assertTrue(err().contains("folder /proc does not accept new files ("), err());
        assertTrue(!err().contains("loading"), "refused before loading: " + err());
    }
}
