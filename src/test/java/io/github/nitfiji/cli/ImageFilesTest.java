package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.plugin.ImageInfo;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import io.github.nitfiji.PngText;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GeneratedImages;
import io.github.nitfiji.pipeline.Provenance;
import java.io.File;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: PNG text keeps any prompt (item 13); a PNG write makes no ImageIO cache file (item 8).
 * Issue 23 item 5: TIFFs are written without ImageJ, and ImageJ opens them exactly as it opens
 * the files its own writer made from the same image (the old way), except that any prompt survives.
 */
class ImageFilesTest {
    private static final int WIDTH = 37;
    private static final int HEIGHT = 23;

    @TempDir
    Path dir;

    private static GeneratedImage image() {
        float[] planes = new float[3 * WIDTH * HEIGHT];
        Random random = new Random(7);
        for (int i = 0; i < planes.length; i++) {
            planes[i] = random.nextFloat() * 2.4f - 1.2f; // beyond [-1, 1] as decoders give, to be clamped in 8 bits
        }
        return GeneratedImages.of(WIDTH, HEIGHT, planes, 42);
    }

    private static Map<String, String> provenance(String prompt) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nit.version", "0.1.0");
        p.put("nit.prompt", prompt);
        p.put("nit.seed", "42");
        p.put("nit.command", "java -jar nit-cli.jar generate --prompt \"" + prompt + "\" --seed 42");
        p.put("nit.empty", "");
        return p;
    }

    @Test
    void nonLatin1PromptsSurviveInPngText() throws Exception {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("nit.prompt", "золотистый ретривер 金毛寻回犬 🐕");
        provenance.put("nit.model", "smoke-test é");
        Path png = dir.resolve("x.png");
        ImageFiles.write(image(), false, png, provenance);
        assertEquals(provenance, PngText.read(png));
        int[] argb = ImageIO.read(png.toFile()).getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
        assertArrayEquals(image().rgb(), java.util.Arrays.stream(argb).map(p -> p & 0xFFFFFF).toArray());
    }

    @Test
    void writingAPngCreatesNoImageIoCacheFile() throws Exception {
        File cache = dir.resolve("imageio-cache").toFile();
        assertTrue(cache.mkdir());
        boolean usedCache = ImageIO.getUseCache();
        File oldDir = ImageIO.getCacheDirectory();
        ImageIO.setUseCache(true);
        ImageIO.setCacheDirectory(cache);
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            cache.toPath().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            ImageFiles.write(image(), false, dir.resolve("y.png"), Map.of("k", "v"));
            WatchKey key = watch.poll(500, TimeUnit.MILLISECONDS);
            assertEquals(null, key == null ? null : key.pollEvents().toString(),
                    "a cache file would be left behind in the temp folder if the write were killed");
        } finally {
            ImageIO.setUseCache(usedCache);
            ImageIO.setCacheDirectory(oldDir);
        }
    }

    @Test
    void anRgbTiffOpensInImageJAsImageJsOwnTiffOfIt() throws Exception {
        sameAsImageJsOwnTiff(false);
    }

    @Test
    void aFloatTiffOpensInImageJAsImageJsOwnTiffOfIt() throws Exception {
        ImagePlus imp = sameAsImageJsOwnTiff(true);
        assertEquals(3, imp.getNChannels());
        assertEquals("R", imp.getStack().getSliceLabel(1));
        assertEquals("B", imp.getStack().getSliceLabel(3));
    }

    /** Any prompt survives in a TIFF (ImageJ's own writer garbles Cyrillic and emoji there). */
    @Test
    void nonLatinPromptsSurviveInTiff() throws Exception {
        String prompt = "золотистый ретривер 金毛寻回犬 🐕 é";
        for (boolean float32 : new boolean[] {false, true}) {
            Path tif = dir.resolve("prompt-" + float32 + ".tif");
            ImageFiles.write(image(), float32, tif, provenance(prompt));
            ImagePlus imp = IJ.openImage(tif.toString());
            assertEquals(prompt, imp.getProp("nit.prompt"), "float " + float32);
            assertEquals(provenance(prompt).get("nit.command"), imp.getProp("nit.command"));
            assertEquals(Provenance.asText(provenance(prompt)), imp.getInfoProperty());
        }
    }

    /** Ours and ImageJ's writer (as the old code used it) side by side, opened by ImageJ. */
    private ImagePlus sameAsImageJsOwnTiff(boolean float32) throws Exception {
        Map<String, String> provenance = provenance("a golden retriever, \"sitting\" = 1\\2");
        Path ours = Files.createDirectories(dir.resolve("ours")).resolve("x.tif");
        Path theirs = Files.createDirectories(dir.resolve("imagej")).resolve("x.tif");
        ImageFiles.write(image(), float32, ours, provenance);
        assertTrue(new FileSaver(asImageJDidIt(image(), float32, provenance)).saveAsTiff(theirs.toString()));

        ImagePlus a = IJ.openImage(ours.toString());
        ImagePlus b = IJ.openImage(theirs.toString());
        // Show Info: the Info text, then dimensions, type, display range, calibration, path
        assertEquals(shownInfo(b, theirs), shownInfo(a, ours));
        assertEquals(properties(b), properties(a));
        assertEquals("true", a.getProp("HideInfo"));
        assertEquals(provenance.get("nit.command"), a.getProp("nit.command"));
        assertEquals(b.getInfoProperty(), a.getInfoProperty());
        assertEquals(b.getClass(), a.getClass());
        assertArrayEquals(b.getDimensions(), a.getDimensions());
        assertEquals(b.getBitDepth(), a.getBitDepth());
        assertEquals(b.isHyperStack(), a.isHyperStack());
        assertEquals(b.getDisplayRangeMin(), a.getDisplayRangeMin());
        assertEquals(b.getDisplayRangeMax(), a.getDisplayRangeMax());
        assertEquals(b.getCalibration().toString(), a.getCalibration().toString());
        assertEquals(b.getStackSize(), a.getStackSize());
        for (int i = 1; i <= a.getStackSize(); i++) {
            assertEquals(b.getStack().getSliceLabel(i), a.getStack().getSliceLabel(i), "slice " + i);
            Object pa = a.getStack().getPixels(i);
            Object pb = b.getStack().getPixels(i);
            if (float32) {
                assertArrayEquals((float[]) pb, (float[]) pa, "slice " + i);
            } else {
                assertArrayEquals((int[]) pb, (int[]) pa, "slice " + i);
            }
        }
        return a;
    }

    /** What Image > Show Info shows, but for the folder and the image's session ID. */
    private static String shownInfo(ImagePlus imp, Path file) {
        return new ImageInfo().getImageInfo(imp).replace(file.getParent().toString(), "<dir>")
                .replaceAll("\nID: -?\\d+\n", "\n");
    }

    private static Map<String, String> properties(ImagePlus imp) {
        Map<String, String> p = new TreeMap<>();
        String[] pairs = imp.getPropertiesAsArray();
        for (int i = 0; i < pairs.length; i += 2) {
            p.put(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    /** The image as the command line gave it to ImageJ's writer before issue 23. */
    private static ImagePlus asImageJDidIt(GeneratedImage image, boolean float32, Map<String, String> provenance) {
        ImagePlus imp;
        if (float32) {
            ImageStack stack = new ImageStack(image.width, image.height);
            String[] channels = {"R", "G", "B"};
            for (int c = 0; c < 3; c++) {
                stack.addSlice(channels[c], new FloatProcessor(image.width, image.height, image.unitChannel(c)));
            }
            imp = new ImagePlus("x.tif", stack);
            imp.setDimensions(3, 1, 1);
        } else {
            imp = new ImagePlus("x.tif", new ColorProcessor(image.width, image.height, image.rgb()));
        }
        provenance.forEach(imp::setProp);
        imp.setProp("HideInfo", "true");
        imp.setProperty("Info", Provenance.asText(provenance));
        return imp;
    }
}
