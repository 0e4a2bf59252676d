package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run("NiT Generate...", "...")} in a real headless ImageJ (see {@link HeadlessImageJ})
 * with the bundled smoke-test model: what the macro API promises, end to end.
 */
@Tag("imagej")
class NiTGenerateMacroTest {
    static final String QUICK = "preset=custom sampler=ode steps=3 cfg=3 guidance_low=0 guidance_high=0.7 "
            + "model=smoke-test device=cpu precision=fp32";
    static final String SMOKE_SHA256 = "c6ecc0fc0d6290bea32b12121f15b07bb9d0eb60cd25feabdf328428e2402112";
    static final List<String> PROVENANCE_KEYS = List.of("nit.notice", "nit.model", "nit.weights_sha256",
            "nit.decoder", "nit.class", "nit.class_name", "nit.prompt", "nit.seed", "nit.sampler", "nit.steps",
            "nit.cfg", "nit.guidance_interval", "nit.width", "nit.height", "nit.latent_size", "nit.crop",
            "nit.device", "nit.precision", "nit.plugin_version", "nit.timestamp", "nit.images", "nit.seeds",
            "nit.output", "nit.command");

    @TempDir
    static Path dir;
    // An empty models folder: NiT-XL is "not installed", the smoke-test model comes from the classes.
    @RegisterExtension
    static final HeadlessFiji imagej = HeadlessFiji.withEmptyModels(() -> dir);

    static String generate(String options, Path tiff) {
        return "run(\"NiT Generate...\", \"" + options + "\");\n"
                + "title = getTitle();\n"
                + "saveAs(\"Tiff\", \"" + tiff + "\");\n"
                + "return title;\n";
    }

    @Test
    void aStackWithExactSizeLabelsProvenanceAndARecordedLineThatRegeneratesIt() throws Exception {
        Path first = dir.resolve("first.tif");
        HeadlessImageJ.MacroResult r = imagej.runMacro(generate("prompt=[golden retriever] width=100 height=70 "
                + "images=2 seed=-1 " + QUICK + " output=RGB", first), null);
        assertNull(r.error, r.toString());
        assertEquals("NiT golden retriever 100x70", r.returned);

        ImagePlus imp = IJ.openImage(first.toString()); // read back by the test's own ImageJ: TIFF keeps it all
        assertEquals(2, imp.getStackSize());
        assertEquals(100, imp.getWidth());
        assertEquals(70, imp.getHeight());
        assertEquals(ImagePlus.COLOR_RGB, imp.getType());
        long seed = Long.parseLong(imp.getProp("nit.seed"));
        assertTrue(seed >= 0, "the seed actually used is recorded, not -1");
        assertEquals("golden retriever | seed " + seed, imp.getStack().getSliceLabel(1));
        assertEquals("golden retriever | seed " + (seed + 1), imp.getStack().getSliceLabel(2));
        for (String key : PROVENANCE_KEYS) {
            assertNotNull(imp.getProp(key), key + " survives TIFF saving");
            assertTrue(imp.getInfoProperty().contains(key + ": "), key + " is in the Info text");
        }
        assertEquals("AI-generated image", imp.getProp("nit.notice"));
        assertTrue(imp.getInfoProperty().contains("AI-generated image"));
        assertEquals("smoke-test", imp.getProp("nit.model"));
        assertEquals(SMOKE_SHA256, imp.getProp("nit.weights_sha256"));
        assertEquals("207", imp.getProp("nit.class"));
        assertEquals("golden retriever", imp.getProp("nit.class_name"));
        assertEquals("golden retriever", imp.getProp("nit.prompt"));
        assertEquals("ode", imp.getProp("nit.sampler"));
        assertEquals("3", imp.getProp("nit.steps"));
        assertEquals("3.0", imp.getProp("nit.cfg"));
        assertEquals("0.0,0.7", imp.getProp("nit.guidance_interval"));
        assertEquals("100", imp.getProp("nit.width"));
        assertEquals("70", imp.getProp("nit.height"));
        assertEquals("fp32", imp.getProp("nit.precision"));
        assertTrue(imp.getProp("nit.device").startsWith("cpu"), imp.getProp("nit.device"));
        assertTrue(imp.getProp("nit.plugin_version").startsWith("NiT for Fiji"));
        assertEquals(seed + "," + (seed + 1), imp.getProp("nit.seeds"));

        String recorded = imp.getProp("nit.command");
        assertTrue(recorded.contains(" seed=" + seed + " "), recorded);
        Path again = dir.resolve("again.tif");
        r = imagej.runMacro(recorded + "\nsaveAs(\"Tiff\", \"" + again + "\");", null);
        assertNull(r.error, r.toString());
        ImagePlus regenerated = IJ.openImage(again.toString());
        assertEquals(2, regenerated.getStackSize());
        for (int slice = 1; slice <= 2; slice++) {
            assertArrayEquals((int[]) imp.getStack().getPixels(slice), (int[]) regenerated.getStack().getPixels(slice),
                    "slice " + slice + " regenerated from the recorded line");
        }
    }

    @Test
    void floatOutputIsAThreeChannelHyperstackPerImage() throws Exception {
        Path tiff = dir.resolve("float.tif");
        HeadlessImageJ.MacroResult r = imagej.runMacro(generate("prompt=207 width=64 height=40 images=2 seed=5 "
                + QUICK + " output=32-bit", tiff), null);
        assertNull(r.error, r.toString());
        ImagePlus imp = IJ.openImage(tiff.toString());
        assertEquals(32, imp.getBitDepth());
        assertEquals(3, imp.getNChannels());
        assertEquals(2, imp.getNSlices());
        assertEquals(1, imp.getNFrames());
        assertTrue(imp.isComposite());
        assertEquals("golden retriever | seed 6 | B", imp.getStack().getSliceLabel(imp.getStackIndex(3, 2, 1)));
        assertEquals("32-bit", imp.getProp("nit.output"));
        assertEquals("5", imp.getProp("nit.seed"));
    }

    @Test
    void badOptionsAbortTheMacroWithTheReason() throws Exception {
        assertAborted("prompt=[golden retriever] width=0 height=70 " + QUICK, "width 0 px is outside 32..8192 px");
        assertAborted("prompt=retriever width=64 height=64 " + QUICK, "closest: ");
        assertAborted("prompt=goldfish width=64 height=64 step=3 model=smoke-test", "unknown option step");
        assertAborted("prompt=goldfish width=64 height=64 steps=many preset=custom model=smoke-test",
                "steps=many is not a number");
        String missing = assertAborted("prompt=goldfish width=64 height=64 model=nit-xl-1000k",
                "model 'nit-xl-1000k' is not installed");
        assertTrue(missing.contains("NiT Models...") && missing.contains("huggingface.co"),
                "says how to get it: " + missing);
        assertFalse(missing.contains("java -jar"), "advice in Fiji's words, not the command line's: " + missing);
    }

    private static String assertAborted(String options, String reason) throws Exception {
        HeadlessImageJ.MacroResult r = imagej.runMacro("run(\"NiT Generate...\", \"" + options + "\");\n"
                + "return \"went on\";", null);
        assertNotEquals("went on", r.returned, "the macro stops at the failing command: " + options);
        assertNotNull(r.error, options);
        assertTrue(r.error.contains(reason), "'" + r.error + "' should say " + reason);
        return r.error;
    }

    @Test
    void escapeStopsWithinAStepAndNoImageAppears() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread escape = new Thread(() -> {
            try {
                Thread.sleep(300); // let the macro start (the interpreter clears Esc when it starts)
                while (running.get()) {
                    imagej.pressEscape();
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        escape.start();
        long start = System.nanoTime();
        HeadlessFiji.Logged cancelled;
        try {
            // 2000 steps of 256 tokens take minutes: only a prompt cancel ends this in seconds
            cancelled = imagej.runLogged("run(\"NiT Generate...\", \"prompt=goldfish width=512 height=512 seed=1 "
                    + QUICK.replace("steps=3", "steps=2000") + "\");\nreturn \"\" + nImages;");
        } finally {
            running.set(false);
            escape.join();
        }
        HeadlessImageJ.MacroResult r = cancelled.result;
        assertTrue(cancelled.log.contains("NiT: cancelled, no image was made"),
                "the Log says it was cancelled (ImageJ without a window prints the Log)");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 30, "cancelled after " + seconds + " s");
        assertNotNull(r.error, r.toString());
        assertTrue(r.error.contains("cancelled"), r.error);
        assertNull(r.returned, "the macro ended at the cancelled command");
        imagej.call("ij.IJ", "resetEscape", new Class<?>[0]);
        assertEquals("0", imagej.runMacro("return \"\" + nImages;", null).returned, "no image was left behind");
    }

    @Test
    void runPlugInWithMacroOptionsWorksFromJavaAndThrowsOnBadInput() throws Exception {
        imagej.runPlugIn("io.github.nitfiji.fiji.ij.NiT_Generate", "prompt=goldfish width=40 height=33 images=1 seed=9 "
                + QUICK);
        Object image = imagej.call("ij.WindowManager", "getCurrentImage", new Class<?>[0]);
        assertNotNull(image, "the stack is this thread's current image");
        assertEquals(40, image.getClass().getMethod("getWidth").invoke(image));
        assertEquals(33, image.getClass().getMethod("getHeight").invoke(image));
        assertEquals("goldfish | seed 9", image.getClass().getMethod("getProp", String.class)
                .invoke(image, "nit.class_name") + " | seed " + image.getClass().getMethod("getProp", String.class)
                .invoke(image, "nit.seed"));
        imagej.call("ij.WindowManager", "setTempCurrentImage", new Class<?>[] {image.getClass()}, (Object) null);

        RuntimeException e = assertThrows(RuntimeException.class, () -> imagej.runPlugIn(
                "io.github.nitfiji.fiji.ij.NiT_Generate", "prompt=goldfish width=9000 height=64 model=smoke-test"));
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("width 9000 px is outside 32..8192 px"), cause.toString());
    }
}
