package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --init-image, --strength, --mask and --refine-to through the packaged jar, on the smoke-test model. */
class InitImageCliIT {
    @TempDir
    Path dir;

    private CliRunner generate(String... more) throws Exception {
        String[] base = {"generate", "--model", "smoke-test", "--models-dir", dir.resolve("models").toString(),
            "--prompt", "goldfish", "--steps", "2", "--seed", "5"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRunner.run(dir, args);
    }

    @Test
    void aMaskedImageKeepsEverythingOutsideTheFeatherExactly() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Path source = dir.resolve("source.png");
        BufferedImage image = new BufferedImage(80, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 80; x++) {
                image.setRGB(x, y, (3 * x) << 16 | (5 * y) << 8 | (x + y));
            }
        }
        ImageIO.write(image, "png", source.toFile());
        Path mask = dir.resolve("mask.png");
        BufferedImage m = new BufferedImage(80, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 16; y < 32; y++) {
            for (int x = 30; x < 50; x++) {
                m.getRaster().setSample(x, y, 0, 255);
            }
        }
        ImageIO.write(m, "png", mask.toFile());
        Path out = dir.resolve("out.png");
        CliRunner r = generate("--init-image", source.toString(), "--mask", mask.toString(), "--strength", "0.7",
                "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        BufferedImage result = ImageIO.read(out.toFile());
        assertEquals(80, result.getWidth());
        assertEquals(48, result.getHeight());
        int changed = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 80; x++) {
                boolean far = x < 30 - 16 || x >= 50 + 16 || y < 16 - 16 || y >= 32 + 16;
                int expected = image.getRGB(x, y) & 0xffffff;
                int actual = result.getRGB(x, y) & 0xffffff;
                if (far) {
                    assertEquals(expected, actual, "(" + x + ", " + y + ") is the source's");
                } else if (expected != actual) {
                    changed++;
                }
            }
        }
        assertTrue(changed > 0);

        Path large = dir.resolve("large.png");
        assertEquals(0, generate("--init-image", source.toString(), "--refine-to", "120x72", "--out",
                large.toString()).exitCode);
        assertEquals(120, ImageIO.read(large.toFile()).getWidth());

        Path square = dir.resolve("square.png");
        ImageIO.write(new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY), "png", square.toFile());
        String[][] bad = {
            {"--init-image", source.toString(), "--mask", square.toString()},
            {"--init-image", source.toString(), "--strength", "1.5"},
            {"--init-image", dir.resolve("missing.png").toString()},
            {"--init-image", source.toString(), "--mask", source.toString().replace("source", "nomask")},
            {"--strength", "0.5"},
            {"--init-image", source.toString(), "--width", "64"},
        };
        for (String[] args : bad) {
            Path never = dir.resolve("never.png");
            String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--out";
            all[args.length + 1] = never.toString();
            CliRunner e = generate(all);
            assertEquals(2, e.exitCode, String.join(" ", args) + ": " + e);
            assertTrue(e.err.startsWith("nit: error: "), e.err);
            assertFalse(Files.exists(never));
        }
    }
}
