package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "NiT History" and "NiT Vary" in a real headless ImageJ (issue 25 item 4): a run from the history
 * regenerates the same bytes; "vary" draws the next seeds; "NiT Vary" on an image reopened from its
 * TIFF gives the very same variation, from its provenance alone.
 */
@Tag("imagej")
class NiTHistoryMacroTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final HeadlessFiji imagej = HeadlessFiji.withEmptyModels(() -> dir);

    /** Calls a public static method of a plugin class, inside ImageJ's plugin class loader. */
    private static Object plugin(String className, String method, Class<?>[] types, Object... args) throws Exception {
        ClassLoader plugins = (ClassLoader) imagej.call("ij.IJ", "getClassLoader", new Class<?>[0]);
        return plugins.loadClass(className).getMethod(method, types).invoke(null, args);
    }

    private static int latestRun() throws Exception {
        Object history = plugin("io.github.nitfiji.fiji.GenerationHistory", "shared", new Class<?>[0]);
        Object latest = ((java.util.Optional<?>) history.getClass().getMethod("latest").invoke(history)).orElseThrow();
        return latest.getClass().getField("number").getInt(latest);
    }

    /** Saves an ImageJ image of the environment as TIFF and reads it back with the test's own ImageJ. */
    private static ImagePlus saved(Object image, String name) throws Exception {
        assertNotNull(image, "the run made an image");
        Path file = dir.resolve(name);
        ClassLoader plugins = (ClassLoader) imagej.call("ij.IJ", "getClassLoader", new Class<?>[0]);
        Class<?> imagePlus = plugins.loadClass("ij.ImagePlus");
        imagej.call("ij.IJ", "saveAsTiff", new Class<?>[] {imagePlus, String.class}, image, file.toString());
        return IJ.openImage(file.toString());
    }

    private static void assertSamePixels(ImagePlus expected, ImagePlus actual, String what) {
        assertEquals(expected.getStackSize(), actual.getStackSize(), what);
        for (int slice = 1; slice <= expected.getStackSize(); slice++) {
            assertArrayEquals((int[]) expected.getStack().getPixels(slice), (int[]) actual.getStack().getPixels(slice),
                    what + ", slice " + slice);
        }
    }

    @Test
    void regenerateGivesTheSameBytesAndVaryTheNextSeeds() throws Exception {
        Path first = dir.resolve("first.tif");
        HeadlessImageJ.MacroResult r = imagej.runMacro(NiTGenerateMacroTest.generate("prompt=goldfish width=64 "
                + "height=40 images=2 seed=-1 " + NiTGenerateMacroTest.QUICK, first), null);
        assertNull(r.error, r.toString());
        ImagePlus original = IJ.openImage(first.toString());
        long seed = Long.parseLong(original.getProp("nit.seed"));
        int run = latestRun();

        ImagePlus again = saved(plugin("io.github.nitfiji.fiji.ij.NiT_History", "regenerate", new Class<?>[] {int.class},
                run), "again.tif");
        assertSamePixels(original, again, "regenerated from the history");
        assertEquals(original.getProp("nit.command"), again.getProp("nit.command"));
        assertEquals(run + 1, latestRun(), "the regeneration is a run of its own");

        ImagePlus varied = saved(plugin("io.github.nitfiji.fiji.ij.NiT_History", "vary", new Class<?>[] {int.class}, run),
                "varied.tif");
        assertEquals(Long.toString(seed + 2), varied.getProp("nit.seed"), "seeds s, s+1 ran; the variation draws s+2");
        assertEquals((seed + 2) + "," + (seed + 3), varied.getProp("nit.seeds"));
        assertEquals(original.getProp("nit.steps"), varied.getProp("nit.steps"), "the same settings");
        assertFalse(java.util.Arrays.equals((int[]) original.getStack().getPixels(1),
                (int[]) varied.getStack().getPixels(1)), "new images");

        Path fromFile = dir.resolve("vary-from-file.tif");
        r = imagej.runMacro("open(\"" + first + "\");\nrun(\"NiT Vary\");\nsaveAs(\"Tiff\", \"" + fromFile + "\");",
                null);
        assertNull(r.error, r.toString());
        assertSamePixels(varied, IJ.openImage(fromFile.toString()), "NiT Vary on the reopened TIFF, from its"
                + " provenance alone");

        String log = imagej.logOf("run(\"NiT History\");");
        assertTrue(log.contains("#" + run + " "), "headless, the runs go to the Log: " + log);
        assertTrue(log.contains(original.getProp("nit.command")), "each with the line that regenerates it: " + log);
    }

    @Test
    void varyOnAnImageWithoutProvenanceSaysWhy() throws Exception {
        HeadlessImageJ.MacroResult r = imagej.runMacro("newImage(\"cells\", \"8-bit ramp\", 64, 48, 1);\n"
                + "run(\"NiT Vary\");\nreturn \"went on\";", null);
        assertNotNull(r.error, r.toString());
        assertTrue(r.error.contains("'cells': the image has no nit.command"), r.error);
    }
}
