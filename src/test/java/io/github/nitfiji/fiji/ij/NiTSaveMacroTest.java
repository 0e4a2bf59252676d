package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.nitfiji.PngText;
import io.github.nitfiji.fiji.AiLabel;
import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, item 6: "NiT Save..." in a real headless ImageJ keeps every provenance key in PNG
 * (read back with javax.imageio) and TIFF, burns the label into its pixels only, and the
 * provenance is readable from a macro.
 */
@Tag("imagej")
class NiTSaveMacroTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final HeadlessFiji imagej = HeadlessFiji.withEmptyModels(() -> dir);

    @Test
    void pngAndTiffKeepEveryKeyAndTheLabelChangesOnlyItsPixels() throws Exception {
        Path png = dir.resolve("plain.png");
        Path labelled = dir.resolve("labelled.png");
        Path tif = dir.resolve("stack.tif");
        HeadlessImageJ.MacroResult r = imagej.runMacro("run(\"NiT Generate...\", \"prompt=207 width=96 height=64 "
                + "images=2 seed=8 " + NiTGenerateMacroTest.QUICK + "\");\n"
                + "run(\"NiT Save...\", \"path=[" + png + "] format=png\");\n"
                + "run(\"NiT Save...\", \"path=[" + labelled + "] label\");\n"
                + "run(\"NiT Save...\", \"path=[" + tif + "] format=tiff label=false\");\n"
                + "property = Property.get(\"nit.command\");\ninfo = getInfo(\"nit.command\");\n"
                + "return property + \"\\n|||\\n\" + info + \"\\n|||\\n\" + getImageInfo();", null);
        assertNull(r.error, r.toString());
        ImagePlus stack = IJ.openImage(tif.toString());
        assertEquals(2, stack.getStackSize(), "TIFF keeps the stack");
        Map<String, String> tiffKeys = new TreeMap<>();
        String[] pairs = stack.getPropertiesAsArray();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i].startsWith("nit.")) {
                tiffKeys.put(pairs[i], pairs[i + 1]);
            }
        }
        assertTrue(tiffKeys.size() >= 25, tiffKeys.toString());
        assertEquals(tiffKeys, new TreeMap<>(PngText.read(png)), "every provenance key, in PNG text");
        int[] shown = ImageIO.read(png.toFile()).getRGB(0, 0, 96, 64, null, 0, 96);
        int[] first = (int[]) stack.getStack().getPixels(1);
        for (int i = 0; i < shown.length; i++) {
            assertEquals(first[i] & 0xffffff, shown[i] & 0xffffff, "pixel " + i);
        }
        int[] marked = ImageIO.read(labelled.toFile()).getRGB(0, 0, 96, 64, null, 0, 96);
        Rectangle box = AiLabel.bounds(96, 64);
        int changed = 0;
        for (int i = 0; i < shown.length; i++) {
            boolean inside = box.contains(i % 96, i / 96);
            assertTrue(inside || marked[i] == shown[i], "pixel " + i + " outside the label");
            changed += inside && marked[i] != shown[i] ? 1 : 0;
        }
        assertTrue(changed > box.width * box.height / 2, changed + " label pixels");

        String[] parts = r.returned.split("\n\\|\\|\\|\n");
        String command = tiffKeys.get("nit.command");
        assertEquals(command, parts[0], "Property.get");
        // ImageJ 1.54's getInfo(key) answers a key with a dot from Java's system properties, never
        // from the image (ij.macro.Functions.getInfo): Property.get is the way for nit.* keys
        assertEquals("Invalid key", parts[1]);
        assertTrue(parts[2].contains("nit.command: " + command + "\n"), "Show Info has it whole: " + parts[2]);
        assertTrue(!parts[2].contains(" characters>"), parts[2]);
    }

    @Test
    void badOptionsAndNoImageAreRefusedWithTheReason() throws Exception {
        assertAborted("newImage(\"x\", \"RGB black\", 40, 40, 1);\nrun(\"NiT Save...\", \"path=[" + dir.resolve("x.tif")
                + "] format=png\");", "ends in .tif but format=png");
        assertAborted("newImage(\"x\", \"RGB black\", 40, 40, 1);\nrun(\"NiT Save...\", \"path=[" + dir.resolve("x.png")
                + "] label=maybe\");", "label=maybe is not true or false");
        assertAborted("close(\"*\");\nrun(\"NiT Save...\", \"path=[" + dir.resolve("y.png") + "]\");",
                "no image is open");
        assertTrue(!Files.exists(dir.resolve("x.png")) && !Files.exists(dir.resolve("y.png")));
    }

    private static void assertAborted(String macro, String reason) throws Exception {
        HeadlessImageJ.MacroResult r = imagej.runMacro(macro + "\nreturn \"went on\";", null);
        assertNotNull(r.error, r.toString());
        assertTrue(r.error.contains(reason), r.error);
    }
}
