package io.github.nitfiji.io;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, items 8 and 9: the size comes from the header and is refused before decoding, in
 * every format; 16-bit and float grey data are mapped by their min..max (Fiji's display range)
 * and say so; NaN or infinity is refused naming the file and the pixel.
 */
@Timeout(30)
class ImageFileReaderTest {
    private static final int LIMIT = 8192;

    @TempDir
    Path dir;

    @Test
    void aHugeSizeInTheHeaderIsRefusedBeforeDecodingInEveryFormat() throws Exception {
        Path[] files = {png(30000, 30000), jpeg(20000, 20000), bmp(30000, 30000), tiff(30000, 30000)};
        for (Path file : files) {
            long start = System.nanoTime();
            ImageFileException e = assertThrows(ImageFileException.class,
                    () -> ImageFileReader.read(file, LIMIT, "image-to-image"), file.toString());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("px; image-to-image takes at most 8192 x 8192 px, so it was not decoded"),
                    e.getMessage());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused from the header: " + file);
        }
    }

    @Test
    void eightBitLevelsAreReadExactlyAndAlphaIsNamed() throws Exception {
        BufferedImage grey = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 0, 0, 128);
        Path greyFile = dir.resolve("grey.png");
        ImageIO.write(grey, "png", greyFile.toFile());
        DecodedImage g = ImageFileReader.read(greyFile, LIMIT, "test");
        assertEquals(128 / 255f, g.value(0, 1), 1e-7f, "stored level, no gamma conversion");
        assertEquals(g.value(0, 1), g.value(2, 1));
        assertEquals("", g.mapping);

        BufferedImage rgba = new BufferedImage(4, 2, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(2, 1, 0x80ff4020);
        Path rgbaFile = dir.resolve("rgba.png");
        ImageIO.write(rgba, "png", rgbaFile.toFile());
        DecodedImage c = ImageFileReader.read(rgbaFile, LIMIT, "test");
        assertEquals(1f, c.value(0, 6), 1e-6f);
        assertEquals(0x40 / 255f, c.value(1, 6), 1e-6f);
        assertTrue(c.mapping.contains("alpha channel ignored"), c.mapping);

        BufferedImage rgb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(3, 3, 0x102030);
        for (String format : new String[] {"bmp", "tiff"}) {
            Path f = dir.resolve("rgb." + format);
            ImageIO.write(rgb, format, f.toFile());
            DecodedImage d = ImageFileReader.read(f, LIMIT, "test");
            assertEquals(0x20 / 255f, d.value(1, 27), 1e-6f, format);
        }
    }

    @Test
    void sixteenBitGreyIsMappedByItsMinAndMaxAndSaysSo() throws Exception {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        for (int i = 0; i < 16; i++) {
            image.getRaster().setSample(i % 4, i / 4, 0, 1000 + i * 3095 / 15);
        }
        Path file = dir.resolve("twelve-bit.png");
        ImageIO.write(image, "png", file.toFile());
        DecodedImage d = ImageFileReader.read(file, LIMIT, "test");
        assertEquals(0f, d.value(0, 0));
        assertEquals(1f, d.value(1, 15));
        assertTrue(d.mapping.contains("values 1000..4095 mapped to 0..1"), d.mapping);
    }

    @Test
    void floatTiffsOutsideZeroToOneAreMappedAndNonFiniteOnesRefused() throws Exception {
        float[] values = new float[64 * 48];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 4096; // 0..4095, as a 12-bit camera's data converted to 32-bit
        }
        DecodedImage d = ImageFileReader.read(floatTiff("camera.tif", values), LIMIT, "test");
        assertEquals(0f, d.value(0, 0));
        assertEquals(1f, d.value(0, 3071), 1e-6f, "the maximum, 3071, is the last pixel");
        assertTrue(d.mapping.contains("32-bit float values 0..3071 mapped to 0..1"), d.mapping);

        float[] unit = new float[16];
        unit[5] = 0.25f;
        DecodedImage kept = ImageFileReader.read(floatTiff("unit.tif", unit), LIMIT, "test");
        assertEquals(0.25f, kept.value(0, 5));
        assertEquals("", kept.mapping, "values within 0..1 are used as they are");

        float[] infinite = values.clone();
        infinite[70] = Float.POSITIVE_INFINITY;
        Path inf = floatTiff("inf.tif", infinite);
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFileReader.read(inf, LIMIT, "test"));
        assertTrue(e.getMessage().startsWith(inf.toString()) && e.getMessage().contains("Infinity at pixel (6, 1)"),
                e.getMessage());

        float[] nan = new float[16];
        java.util.Arrays.fill(nan, Float.NaN);
        Path allNan = floatTiff("nan.tif", nan);
        e = assertThrows(ImageFileException.class, () -> ImageFileReader.read(allNan, LIMIT, "test"));
        assertTrue(e.getMessage().contains("NaN at pixel (0, 0)"), e.getMessage());
    }

    @Test
    void aFileThatIsNoImageOrDamagedIsNamedWithoutDecoderText() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFileReader.read(text, LIMIT, "test"));
        assertTrue(e.getMessage().contains("is not an image Java can read"), e.getMessage());
        BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Path cut = dir.resolve("cut.png");
        ImageIO.write(rgb, "png", cut.toFile());
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 30));
        e = assertThrows(ImageFileException.class, () -> ImageFileReader.read(cut, LIMIT, "test"));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        assertFalse(e.getMessage().matches("(?s).*(Exception|javax|java\\.).*"), e.getMessage());
    }

    /** A grey float image as ImageJ (and so Fiji) saves it. */
    private Path floatTiff(String name, float[] values) {
        int w = values.length == 64 * 48 ? 64 : 4;
        int h = values.length / w;
        Path file = dir.resolve(name);
        assertTrue(new FileSaver(new ImagePlus(name, new FloatProcessor(w, h, values))).saveAsTiff(file.toString()));
        return file;
    }

    private Path png(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return Files.write(dir.resolve("huge.png"), bytes.toByteArray());
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /** A real 16 x 16 JPEG whose frame header (SOF0) was edited to claim the size. */
    private Path jpeg(int width, int height) throws IOException {
        Path file = dir.resolve("huge.jpg");
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpg", file.toFile());
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i + 8 < bytes.length; i++) {
            if ((bytes[i] & 0xff) == 0xFF && (bytes[i + 1] & 0xff) == 0xC0) {
                ByteBuffer.wrap(bytes, i + 5, 4).putShort((short) height).putShort((short) width);
                return Files.write(file, bytes);
            }
        }
        throw new AssertionError("no SOF0 in Java's own JPEG");
    }

    /** An RLE8 bitmap (a palette, run-length data that would fill the area from a few bytes) claiming the size. */
    private Path bmp(int width, int height) throws IOException {
        int offset = 14 + 40 + 256 * 4;
        ByteBuffer b = ByteBuffer.allocate(offset + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(offset + 4).putInt(0).putInt(offset);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 8).putInt(1).putInt(4)
                .putInt(2835).putInt(2835).putInt(256).putInt(0);
        b.position(offset);
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 1); // end of line, end of bitmap
        return Files.write(dir.resolve("huge.bmp"), b.array());
    }

    /** A little-endian TIFF whose one IFD claims the size (8-bit grey). */
    private Path tiff(int width, int height) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 8 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        short entries = 8;
        b.putShort(entries);
        // one PackBits strip of 4 bytes: compressed data can claim any area
        int[][] tags = {{256, 4, 1, width}, {257, 4, 1, height}, {258, 3, 1, 8}, {259, 3, 1, 32773},
            {262, 3, 1, 1}, {273, 4, 1, 8}, {278, 4, 1, height}, {279, 4, 1, 4}};
        for (int[] t : tags) {
            b.putShort((short) t[0]).putShort((short) t[1]).putInt(t[2]);
            if (t[1] == 3) {
                b.putShort((short) t[3]).putShort((short) 0);
            } else {
                b.putInt(t[3]);
            }
        }
        b.putInt(0);
        return Files.write(dir.resolve("huge.tif"), b.array());
    }
}
