package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, items 8 and 9 at the command line: a source whose header claims a huge size is
 * refused at once with the limit; a 32-bit float TIFF outside 0..1 is used through its min..max
 * (provenance says so); one holding infinity is refused naming the file, never with a raw Java error.
 */
@Timeout(60)
class SourceFileErrorsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int generate(Path source, Path out) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        err.reset();
        return Main.run(new String[] {"generate", "--model", "smoke-test", "--models-dir",
            dir.resolve("models").toString(), "--prompt", "goldfish", "--steps", "1", "--seed", "5",
            "--init-image", source.toString(), "--out", out.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aHugeSizeInTheHeaderIsRefusedAtOnceWithTheLimit() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream png = new DataOutputStream(bytes);
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] ihdr = java.nio.ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(30000).putInt(30000).put((byte) 8).put((byte) 2).put(new byte[3]).array();
        png.writeInt(13);
        png.write(ihdr);
        CRC32 crc = new CRC32();
        crc.update(ihdr);
        png.writeInt((int) crc.getValue());
        Path huge = Files.write(dir.resolve("huge.png"), bytes.toByteArray());
        long start = System.nanoTime();
        assertEquals(2, generate(huge, dir.resolve("out.png")), err());
        assertTrue(err().contains(huge + " is 30000 x 30000 px; image-to-image takes at most 8192 x 8192 px"), err());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    void aFloatTiffOutsideZeroToOneRunsThroughItsRangeAndInfinityIsRefused() throws Exception {
        float[] values = new float[64 * 48];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 64 * 65; // 0..4095
        }
        Path camera = dir.resolve("camera.tif");
        assertTrue(new FileSaver(new ImagePlus("camera", new FloatProcessor(64, 48, values.clone())))
                .saveAsTiff(camera.toString()));
        Path out = dir.resolve("out.png");
        assertEquals(0, generate(camera, out), err());
        String text = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("values 0..4095 mapped to 0..1"), "provenance records the mapping");

        values[100] = Float.NEGATIVE_INFINITY;
        Path bad = dir.resolve("bad.tif");
        assertTrue(new FileSaver(new ImagePlus("bad", new FloatProcessor(64, 48, values))).saveAsTiff(bad.toString()));
        assertEquals(2, generate(bad, dir.resolve("never.png")), err());
        assertTrue(err().contains(bad + " holds -Infinity at pixel (36, 1)"), err());
        assertFalse(err().contains("out of bounds"), err());
        assertFalse(Files.exists(dir.resolve("never.png")));
    }
}
