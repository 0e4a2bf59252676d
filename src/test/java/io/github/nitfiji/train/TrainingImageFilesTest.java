package io.github.nitfiji.train;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import io.github.nitfiji.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training images through the shared image reader: 8-bit files keep the official L / 127.5 - 1
 * exactly; 16-bit and float TIFFs (the microscope's own files) are read, mapped from their
 * minimum..maximum as Fiji shows them, and a dataset of 16-bit TIFFs trains from the command line.
 */
class TrainingImageFilesTest {
    @TempDir
    Path dir;

    @Test
    void eightBitLevelsAreTheOfficialConversionExactly() throws Exception {
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            image.setRGB(x, 0, (4 * x) << 16 | (255 - 4 * x) << 8 | 3 * x);
        }
        Path png = dir.resolve("levels.png");
        ImageIO.write(image, "png", png.toFile());
        RgbPlanes planes = new TrainingImageFiles().read(png);
        int n = 64 * 32;
        for (int x = 0; x < 64; x++) {
            assertEquals((float) (4 * x / 127.5 - 1), planes.planes[x], "R at " + x);
            assertEquals((float) ((255 - 4 * x) / 127.5 - 1), planes.planes[n + x], "G at " + x);
            assertEquals((float) (3 * x / 127.5 - 1), planes.planes[2 * n + x], "B at " + x);
        }
    }

    @Test
    void sixteenBitAndFloatTiffsAreMappedFromTheirRange() throws Exception {
        RgbPlanes grey16 = new TrainingImageFiles().read(sixteenBit(dir.resolve("cells.tif"), 1000, 2));
        int n = 64 * 48;
        assertEquals(-1f, grey16.planes[0], 1e-6f, "the minimum is black");
        assertEquals(1f, grey16.planes[n - 1], 1e-6f, "the maximum is white");
        assertEquals(grey16.planes[n / 2], grey16.planes[n + n / 2], "grey: R = G");
        assertEquals(grey16.planes[n / 2], grey16.planes[2 * n + n / 2], "grey: R = B");
        float[] values = new float[64 * 48];
        for (int i = 0; i < values.length; i++) {
            values[i] = -0.5f + 3f * i / (values.length - 1);
        }
        Path tif = dir.resolve("float.tif");
        assertTrue(new FileSaver(new ImagePlus("f", new FloatProcessor(64, 48, values))).saveAsTiff(tif.toString()));
        RgbPlanes real = new TrainingImageFiles().read(tif);
        assertEquals(-1f, real.planes[0], 1e-6f);
        assertEquals(1f, real.planes[n - 1], 1e-6f);
        assertEquals(0f, real.planes[(n - 1) / 2], 2e-3f, "the middle of the range is the middle");
    }

    @Test
    void aDatasetOfSixteenBitTiffsTrainsFromTheCommandLine() throws Exception {
        Path data = dir.resolve("data");
        for (int i = 0; i < 2; i++) {
            sixteenBit(Files.createDirectories(data.resolve("bright")).resolve("b" + i + ".tif"), 30000 + i, 3);
            sixteenBit(Files.createDirectories(data.resolve("dim")).resolve("d" + i + ".tif"), 100 + i, 1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", "--models-dir", dir.resolve("models").toString(), "--data",
                data.toString(), "--base", "smoke-test", "--name", "tiffs", "--run", dir.resolve("run").toString(),
                "--steps", "2", "--rank", "2", "--token-budget", "16"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String log = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, log);
        assertTrue(log.contains("4 encoded, 0 reused, 0 skipped"), log);
        assertTrue(Files.isRegularFile(dir.resolve("models/tiffs.json")), log);
    }

    /** A 64 x 48 16-bit grey TIFF as Fiji saves it: a ramp from {@code low} in steps of {@code step}. */
    private static Path sixteenBit(Path file, int low, int step) {
        short[] pixels = new short[64 * 48];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (short) (low + step * i);
        }
        ShortProcessor sp = new ShortProcessor(64, 48, pixels, null);
        assertTrue(new FileSaver(new ImagePlus(file.getFileName().toString(), sp)).saveAsTiff(file.toString()));
        return file;
    }
}
