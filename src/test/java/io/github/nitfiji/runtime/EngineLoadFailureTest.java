package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 minor: when the bundled engine cannot be unpacked, the message names the folder, the
 * cause and what to do, where DJL says only "Failed to extract PyTorch native library".
 */
@Timeout(120)
class EngineLoadFailureTest {
    @TempDir
    Path dir;

    @Test
    void aCacheFolderThatCannotBeMadeIsNamedWithItsCause() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path models = Files.createDirectories(dir.resolve("models"));
        EngineBrokenFolderTest.Run run = EngineBrokenFolderTest.Run.java(models, Map.of(),
                "-DDJL_CACHE_DIR=" + file.resolve("cache"), io.github.nitfiji.cli.Main.class.getName(), "generate",
                "--nit-weights", Paths.get("models/smoke-test/nit.safetensors").toAbsolutePath().toString(),
                "--class", "1", "--latent-size", "2x2", "--steps", "1", "--save-latent",
                dir.resolve("l.safetensors").toString());
        assertEquals(1, run.exit, run.toString());
        assertTrue(run.err.contains("the bundled PyTorch engine did not load (Not a directory); its libraries are"
                + " unpacked into " + file.resolve("cache").resolve("pytorch")), run.toString());
        assertTrue(run.err.contains("set DJL_CACHE_DIR"), run.toString());
        assertFalse(run.err.contains("Failed to extract"), run.toString());
    }
}
