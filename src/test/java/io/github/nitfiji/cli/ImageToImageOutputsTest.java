package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 2: image-to-image never writes over its source image or its mask, by any name
 * ({@code --out}, a numbered {@code --out}, {@code --save-latent}); the run is refused before
 * anything loads and the files keep their bytes. Also the outputs that name no file: an empty
 * {@code --out}, a device.
 */
@Timeout(30)
class ImageToImageOutputsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path photo;
    private Path mask;

    @BeforeEach
    void images() throws Exception {
        photo = dir.resolve("photo.png");
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) {
            image.setRGB(i, i, 0xff8040);
        }
        ImageIO.write(image, "png", photo.toFile());
        mask = dir.resolve("mask.png");
        BufferedImage m = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        m.getRaster().setSample(10, 10, 0, 255);
        ImageIO.write(m, "png", mask.toFile());
        Files.createDirectories(dir.resolve("models"));
    }

    private int generate(String... extra) {
        String[] base = {"generate", "--model", "smoke-test", "--models-dir", dir.resolve("models").toString(),
            "--prompt", "goldfish", "--steps", "1", "--seed", "5", "--init-image", photo.toString()};
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
    void noOutputMayReplaceTheSourceOrTheMask() throws Exception {
        byte[] photoBytes = Files.readAllBytes(photo);
        byte[] maskBytes = Files.readAllBytes(mask);
        assertEquals(2, generate("--out", photo.toString()), err());
        assertTrue(err().contains("--out " + photo + " is the --init-image this run reads"), err());

        assertEquals(2, generate("--mask", mask.toString(), "--out", mask.toString()), err());
        assertTrue(err().contains("is the --mask this run reads"), err());

        assertEquals(2, generate("--save-latent", photo.toString(), "--out", dir.resolve("new.png").toString()),
                err());
        assertTrue(err().contains("--save-latent " + photo + " is the --init-image"), err());

        Path first = dir.resolve("a_1.png");
        Files.copy(photo, first);
        byte[] firstBytes = Files.readAllBytes(first);
        String[] numbered = {"generate", "--model", "smoke-test", "--models-dir", dir.resolve("models").toString(),
            "--prompt", "goldfish", "--steps", "1", "--seed", "5", "--init-image", first.toString(), "--images", "2",
            "--out", dir.resolve("a_{i}.png").toString()};
        err.reset();
        assertEquals(2, Main.run(numbered, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), err());
        assertTrue(err().contains("--out " + first + " is the --init-image"), err());

        assertArrayEquals(photoBytes, Files.readAllBytes(photo));
        assertArrayEquals(maskBytes, Files.readAllBytes(mask));
        assertArrayEquals(firstBytes, Files.readAllBytes(first));
        assertFalse(err().contains("sampled"), "refused before any work: " + err());
    }

    @Test
    void anEmptyOutOrADeviceIsNoFileName() throws Exception {
        assertEquals(2, generate("--out", ""), err());
        assertTrue(err().contains("--out is empty; give a file name"), err());
        if (Files.exists(Path.of("/dev/null"))) {
            assertEquals(2, generate("--out", dir.resolve("x.png").toString(), "--save-latent", "/dev/null"), err());
            assertTrue(err().contains("/dev/null is a FIFO or device"), err());
            // the TiM path checks its one output with the same words (issue 24, item 1's device case)
            err.reset();
            assertEquals(2, Main.run(new String[] {"generate", "--tim-weights", dir.resolve("tim.safetensors").toString(),
                "--class", "207", "--latent-size", "2x2", "--steps", "1", "--save-latent", "/dev/null"},
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)), err());
            assertTrue(err().contains("--save-latent /dev/null is a FIFO or device"), err());
        }
    }
}
