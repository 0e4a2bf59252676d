package io.github.nitfiji.io;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.IJ;
import ij.ImagePlus;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 5: our TIFF files are baseline TIFF that any reader opens (here the JDK's own
 * reader, beside ImageJ: {@code cli.ImageFilesTest} holds them to ImageJ's own writer), and a
 * failed write names the file and leaves nothing behind.
 */
@Timeout(60)
class TiffFilesTest {
    private static final int WIDTH = 5;
    private static final int HEIGHT = 3;

    @TempDir
    Path dir;

    private static float[] plane(int channel) {
        float[] p = new float[WIDTH * HEIGHT];
        for (int i = 0; i < p.length; i++) {
            p[i] = channel + i / 16f - 0.25f;
        }
        return p;
    }

    @Test
    void anotherTiffReaderSeesTheRgbPixels() throws Exception {
        int[] rgb = new int[WIDTH * HEIGHT];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i * 17) << 16 | (255 - i) << 8 | i * 3;
        }
        Path tif = dir.resolve("rgb.tif");
        TiffFiles.writeRgb(tif, WIDTH, HEIGHT, rgb, "nit.prompt: x\n", Map.of("nit.prompt", "x"));
        List<Raster> pages = pagesOf(tif);
        assertEquals(1, pages.size());
        for (int i = 0; i < rgb.length; i++) {
            int[] px = pages.get(0).getPixel(i % WIDTH, i / WIDTH, (int[]) null);
            assertEquals(rgb[i], px[0] << 16 | px[1] << 8 | px[2], "pixel " + i);
        }
    }

    @Test
    void anotherTiffReaderSeesEveryFloatChannelAsAPage() throws Exception {
        Path tif = dir.resolve("float.tif");
        TiffFiles.writeFloatChannels(tif, WIDTH, HEIGHT, List.of(plane(0), plane(1), plane(2)), List.of("R", "G", "B"),
                "nit.prompt: x\n", Map.of("nit.prompt", "x"));
        List<Raster> pages = pagesOf(tif);
        assertEquals(3, pages.size());
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(plane(c), pages.get(c).getSamples(0, 0, WIDTH, HEIGHT, 0, (float[]) null), "page " + c);
        }
    }

    @Test
    void anImageWithNoTextOpensInImageJ() throws Exception {
        Path tif = dir.resolve("bare.tif");
        TiffFiles.writeRgb(tif, WIDTH, HEIGHT, new int[WIDTH * HEIGHT], "", Map.of("empty", ""));
        ImagePlus imp = IJ.openImage(tif.toString());
        assertEquals(WIDTH, imp.getWidth());
        assertNull(imp.getInfoProperty());
        assertNull(imp.getPropertiesAsArray(), "an empty value is no property, as in ImageJ");
    }

    @Test
    void aReadOnlyFolderGivesAClearErrorAndNoFile() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("read-only"));
        assumeTrue(Files.getFileStore(folder).supportsFileAttributeView("posix"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(folder), "running as root: every folder is writable");
            Path target = folder.resolve("x.tif");
            IOException e = assertThrows(IOException.class, () -> TiffFiles.writeRgb(target, WIDTH, HEIGHT,
                    new int[WIDTH * HEIGHT], "i", Map.of()));
            assertEquals("cannot write " + target + ": permission denied", e.getMessage());
            assertEquals(List.of(), list(folder));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** The disk fills up after the header and the first pixels: the error says so, and no part is left. */
    @Test
    void aWriteThatFailsHalfwayLeavesNothing() throws Exception {
        assumeTrue(Files.isExecutable(Paths.get("/bin/sh")));
        Path target = dir.resolve("full.tif");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        // 1 MB at most per file (sh counts 512-byte blocks): the 3 MB TIFF fails in its pixels
        Process p = new ProcessBuilder("/bin/sh", "-c", "ulimit -f 2048 && exec \"$0\" -XX:-UsePerfData -cp \"$1\" "
                + WriteOneTiff.class.getName() + " \"$2\"", java, System.getProperty("java.class.path"),
                target.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String said = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals("cannot write " + target + ": no space left on the disk; free some space and run again (nothing"
                + " was written)", said);
        assertEquals(List.of(), list(dir));
    }

    @Test
    void picturesOfTheWrongSizeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TiffFiles.writeRgb(dir.resolve("a.tif"), WIDTH, HEIGHT,
                new int[WIDTH], "i", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> TiffFiles.writeFloatChannels(dir.resolve("b.tif"), WIDTH,
                HEIGHT, List.of(plane(0), plane(1)), List.of("R"), "i", Map.of()));
    }

    private static List<Raster> pagesOf(Path tif) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(tif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
            reader.setInput(in);
            int n = reader.getNumImages(true);
            List<Raster> pages = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                pages.add(reader.read(i).getRaster());
            }
            reader.dispose();
            return pages;
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.collect(Collectors.toList());
        }
    }
}
