package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25, item 1 at the command line: a biology word is refused before anything loads, in clean words. */
@Timeout(30)
class PromptRefusalTest {
    @TempDir
    Path dir;

    @Test
    void fluorescentCellsAreNotACellularTelephone() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path latent = dir.resolve("l.safetensors");
        int code = Main.run(new String[] {"generate", "--nit-weights", "models/smoke-test/nit.safetensors",
            "--prompt", "fluorescent cells", "--latent-size", "2x2", "--steps", "1", "--seed", "1", "--save-latent",
            latent.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertTrue(text.contains("'cell' is 487 cellular telephone, not a biological cell"), text);
        assertTrue(text.contains("knows ImageNet's 1000 classes only") && text.contains("train on the command line"),
                text);
        assertFalse(text.matches("(?s).*[A-Za-z]+(Exception|Error)\\b.*"), "no class names: " + text);
        assertFalse(Files.exists(latent));
    }
}
