package io.github.nitfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import io.github.nitfiji.PngText;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25, item 6: "NiT Save..." keeps the provenance ImageJ's PNG writer drops. */
class SavedImagesTest {
    private static final String UNICODE = "золотистый ретривер 🐕";
    private static final String LATIN1 = "golden retriever, café";

    @TempDir
    Path dir;

    private static Map<String, String> provenance(String prompt) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nit.notice", "AI-generated image");
        p.put("nit.prompt", prompt);
        p.put("nit.seed", "11");
        p.put("nit.seeds", "11,12");
        p.put("nit.command", "run(\"NiT Generate...\", \"prompt=207 width=96 height=64 images=2 seed=11 preset=custom "
                + "sampler=ode steps=3 cfg=3 guidance_low=0 guidance_high=0.7 model=smoke-test device=cpu\");");
        return p;
    }

    /** A two-image RGB stack stamped as NiT stamps its results. */
    private static ImagePlus nitStack(String prompt) {
        ImageStack stack = new ImageStack(96, 64);
        Random r = new Random(3);
        for (int s = 0; s < 2; s++) {
            ColorProcessor ip = new ColorProcessor(96, 64);
            for (int i = 0; i < 96 * 64; i++) {
                ip.set(i, r.nextInt() & 0xffffff);
            }
            stack.addSlice("golden retriever | seed " + (11 + s), ip);
        }
        ImagePlus imp = new ImagePlus("NiT golden retriever 96x64", stack);
        ResultImages.stamp(imp, provenance(prompt));
        return imp;
    }

    @Test
    void aPngKeepsEveryProvenanceKeyWithTheShownImagesSeed() throws Exception {
        ImagePlus imp = nitStack(UNICODE);
        imp.setSlice(2);
        Path png = dir.resolve("second.png");
        String done = SavedImages.save(imp, png, SavedImages.Format.PNG, false);
        assertTrue(done.startsWith("saved image 2 of 2"), done);
        Map<String, String> expected = provenance(UNICODE);
        expected.put("nit.seed", "12");
        assertEquals(expected, PngText.read(png));
        BufferedImage read = ImageIO.read(png.toFile());
        int[] rgb = read.getRGB(0, 0, 96, 64, null, 0, 96);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xffffff;
        }
        assertArrayEquals((int[]) imp.getStack().getPixels(2), rgb, "the pixels, unchanged");
    }

    @Test
    void aLabelledTiffKeepsTheStackAndItsPropertiesAndChangesOnlyTheLabel() throws Exception {
        // ImageJ's TIFF writer keeps one byte per character of the Info text and the properties:
        // Latin-1 survives, other scripts do not (PNG keeps them, above)
        ImagePlus imp = nitStack(LATIN1);
        Path tif = dir.resolve("labelled.tif");
        SavedImages.save(imp, tif, SavedImages.Format.TIFF, true);
        ImagePlus read = IJ.openImage(tif.toString());
        assertEquals(2, read.getStackSize());
        provenance(LATIN1).forEach((k, v) -> assertEquals(v, read.getProp(k), k));
        assertEquals(imp.getProperty("Info"), read.getProperty("Info"));
        Rectangle box = AiLabel.bounds(96, 64);
        for (int s = 1; s <= 2; s++) {
            int[] before = (int[]) imp.getStack().getPixels(s);
            int[] after = (int[]) read.getStack().getPixels(s);
            int changed = 0;
            for (int i = 0; i < before.length; i++) {
                boolean inside = box.contains(i % 96, i / 96);
                boolean same = (before[i] & 0xffffff) == (after[i] & 0xffffff);
                assertTrue(inside || same, "slice " + s + " pixel " + i + " outside the label");
                changed += inside && !same ? 1 : 0;
            }
            assertTrue(changed > 0, "slice " + s + " has the label");
        }
        assertFalse(imp.changes, "the open image is not changed");
    }

    @Test
    void showInfoListsTheInfoTextWhereNitCommandIsWhole() {
        ImagePlus imp = nitStack(LATIN1);
        String info = new ij.plugin.ImageInfo().getImageInfo(imp);
        assertTrue(info.contains("nit.command: " + provenance(LATIN1).get("nit.command") + "\n"), info);
        assertFalse(info.contains(" characters>"), info);
    }

    @Test
    void pathsAndFormatsAgreeAndTheSourceFileIsNeverOverwritten() throws Exception {
        assertEquals(dir.resolve("a.png"), SavedImages.target(dir.resolve("a").toString(), SavedImages.Format.PNG));
        assertEquals(dir.resolve("a.tif"), SavedImages.target(dir.resolve("a").toString(), SavedImages.Format.TIFF));
        assertEquals("path " + dir.resolve("a.tif") + " ends in .tif but format=png: use a .png name or format=tiff",
                assertThrows(IllegalArgumentException.class, () -> SavedImages.target(dir.resolve("a.tif").toString(),
                        SavedImages.Format.PNG)).getMessage());
        Path tif = dir.resolve("source.tif");
        SavedImages.save(nitStack(LATIN1), tif, SavedImages.Format.TIFF, false);
        ImagePlus opened = IJ.openImage(tif.toString());
        byte[] bytes = Files.readAllBytes(tif);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SavedImages.save(opened, tif, SavedImages.Format.TIFF, true));
        assertTrue(e.getMessage().contains("is the file this image was opened from"), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(tif));
    }
}
