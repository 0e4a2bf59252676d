package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images through the packaged command line: exact sizes, formats, provenance and bad input. */
class ImagesCliIT {
    private static final String NIT = TestFiles.golden("nit_tiny.safetensors").toString();
    private static final String AE = TestFiles.golden("dcae_tiny.safetensors").toString();

    @TempDir
    Path dir;

    private CliRunner generate(String... extra) throws Exception {
        String[] base = {"generate", "--nit-weights", NIT, "--ae-weights", AE, "--class", "207", "--steps", "3",
                "--seed", "7", "--device", "cpu"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRunner.run(dir, args);
    }

    @Test
    void pngAndTiffHaveTheExactRequestedSizeEvenOffTheLatentGrid() throws Exception {
        CliRunner png = generate("--width", "100", "--height", "70", "--out", dir.resolve("a.png").toString());
        assertEquals(0, png.exitCode, png.toString());
        BufferedImage read = ImageIO.read(dir.resolve("a.png").toFile());
        assertEquals(100, read.getWidth());
        assertEquals(70, read.getHeight());

        CliRunner tif = generate("--width", "96", "--height", "160", "--out", dir.resolve("b.tif").toString());
        assertEquals(0, tif.exitCode, tif.toString());
        ImagePlus imp = IJ.openImage(dir.resolve("b.tif").toString());
        assertEquals(96, imp.getWidth());
        assertEquals(160, imp.getHeight());
        assertEquals(24, imp.getBitDepth());
        assertEquals("AI-generated image", imp.getProp("nit.notice"));
        assertEquals("7", imp.getProp("nit.seed"));
        assertEquals("207", imp.getProp("nit.class"));

        CliRunner fl = generate("--width", "64", "--height", "33", "--float", "--out", dir.resolve("c.tif").toString());
        assertEquals(0, fl.exitCode, fl.toString());
        ImagePlus f = IJ.openImage(dir.resolve("c.tif").toString());
        assertEquals(32, f.getBitDepth());
        assertEquals(3, f.getStackSize());
        assertEquals(64, f.getWidth());
        assertEquals(33, f.getHeight());
    }

    @Test
    void patternsNumberBatchOutputs() throws Exception {
        CliRunner r = generate("--images", "2", "--width", "64", "--height", "64", "--out",
                dir.resolve("img_{seed}.png").toString());
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(Files.exists(dir.resolve("img_7.png")));
        assertTrue(Files.exists(dir.resolve("img_8.png")));
    }

    @Test
    void sameSeedSamePixels() throws Exception {
        assertEquals(0, generate("--width", "64", "--height", "64", "--out", dir.resolve("x.png").toString()).exitCode);
        assertEquals(0, generate("--width", "64", "--height", "64", "--out", dir.resolve("y.png").toString()).exitCode);
        BufferedImage x = ImageIO.read(dir.resolve("x.png").toFile());
        BufferedImage y = ImageIO.read(dir.resolve("y.png").toFile());
        assertArrayEquals(x.getRGB(0, 0, 64, 64, null, 0, 64), y.getRGB(0, 0, 64, 64, null, 0, 64));
    }

    @Test
    void badSizesAndPathsFailCleanlyAndLeaveNothing() throws Exception {
        String[][] sizes = {{"0", "64"}, {"-3", "64"}, {"64", "8193"}};
        for (String[] s : sizes) {
            CliRunner r = generate("--width", s[0], "--height", s[1], "--out", dir.resolve("n.png").toString());
            assertEquals(2, r.exitCode, r.toString());
            assertTrue(r.err.contains("32..8192"), r.err);
        }
        CliRunner unwritable = generate("--width", "64", "--height", "64", "--out",
                dir.resolve("no/such/folder/x.png").toString());
        assertEquals(2, unwritable.exitCode);
        assertTrue(unwritable.err.contains("does not exist"), unwritable.err);
        CliRunner format = generate("--width", "64", "--height", "64", "--out", dir.resolve("x.jpg").toString());
        assertEquals(2, format.exitCode);
        assertTrue(format.err.contains(".png, .tif or .tiff"), format.err);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".png") || p.toString().endsWith(".part")));
        }
    }

    @Test
    void decoderThatDoesNotMatchItsConfigIsNamed() throws Exception {
        Path config = dir.resolve("config.json");
        String dcae = Golden.index().get("dcae_config").toString()
                .replace("[8,16,32,32,64,64]", "[16,16,32,32,64,64]");
        Files.write(config, dcae.getBytes());
        CliRunner r = generate("--ae-config", config.toString(), "--width", "64", "--height", "64",
                "--out", dir.resolve("m.png").toString());
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.contains(AE) && r.err.contains("shape"), r.err);
        assertFalse(Files.exists(dir.resolve("m.png")));
    }
}
