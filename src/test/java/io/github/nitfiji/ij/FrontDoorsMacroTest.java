package io.github.nitfiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request through the three front doors (a macro in a real headless ImageJ, the command
 * line and the SciJava command, each in its own JVM as a user runs them) gives byte-identical
 * pixels and the same provenance keys, with the same values except the time and the command.
 */
@Tag("imagej")
class FrontDoorsMacroTest {
    private static final String MACRO_OPTIONS = "prompt=goldfish width=72 height=40 images=2 seed=5 preset=custom "
            + "sampler=ode steps=3 cfg=3 guidance_low=0 guidance_high=0.7 model=smoke-test device=cpu precision=fp32 "
            + "output=RGB";
    /** Differ by design: when it ran, and the command in the front door's own syntax. */
    private static final Set<String> OWN_VALUES = Set.of("nit.timestamp", "nit.command");

    @TempDir
    static Path dir;
    static Path models;

    @BeforeAll
    static void emptyModelsFolder() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        System.setProperty("nit.models.dir", models.toString());
    }

    @Test
    void sameRequestSamePixelsAndProvenanceThroughMacroCommandLineAndSciJava() throws Exception {
        Path macroTiff = dir.resolve("macro.tif");
        HeadlessImageJ.MacroResult r = HeadlessImageJ.get().runMacro("run(\"NiT Generate...\", \"" + MACRO_OPTIONS
                + "\");\nsaveAs(\"Tiff\", \"" + macroTiff + "\");\nreturn getTitle();", null);
        assertNull(r.error, r.toString());

        Path cliPattern = dir.resolve("cli_{i}.tif");
        run("io.github.nitfiji.cli.Main", "generate", "--model", "smoke-test", "--prompt", "goldfish", "--width", "72",
                "--height", "40", "--images", "2", "--seed", "5", "--preset", "custom", "--sampler", "ode", "--steps", "3",
                "--cfg", "3", "--guidance-interval", "0,0.7", "--device", "cpu", "--precision", "fp32",
                "--out", cliPattern.toString());

        Path sciJavaTiff = dir.resolve("scijava.tif");
        run("io.github.nitfiji.scijava.SciJavaGenerateMain", sciJavaTiff.toString(), "prompt", "goldfish", "width", "72",
                "height", "40", "images", "2", "seed", "5", "preset", "custom", "sampler", "ode", "steps", "3", "cfg", "3",
                "guidance_low", "0", "guidance_high", "0.7", "model", "smoke-test", "device", "cpu", "precision", "fp32",
                "output", "RGB");

        ImagePlus macro = IJ.openImage(macroTiff.toString());
        ImagePlus sciJava = IJ.openImage(sciJavaTiff.toString());
        assertEquals(2, macro.getStackSize());
        assertEquals(2, sciJava.getStackSize());
        for (int i = 1; i <= 2; i++) {
            ImagePlus cli = IJ.openImage(dir.resolve("cli_" + i + ".tif").toString());
            assertEquals(72, cli.getWidth());
            assertEquals(40, cli.getHeight());
            int[] cliPixels = (int[]) cli.getProcessor().getPixels();
            assertArrayEquals(cliPixels, (int[]) macro.getStack().getPixels(i), "image " + i + ": CLI vs macro");
            assertArrayEquals(cliPixels, (int[]) sciJava.getStack().getPixels(i), "image " + i + ": CLI vs SciJava");
            assertEquals(Long.toString(4 + i), cli.getProp("nit.seed"));
        }

        Map<String, String> fromMacro = provenance(macro);
        Map<String, String> fromCli = provenance(IJ.openImage(dir.resolve("cli_1.tif").toString()));
        Map<String, String> fromSciJava = provenance(sciJava);
        assertTrue(fromMacro.keySet().containsAll(List.of("nit.seeds", "nit.images", "nit.output", "nit.command",
                "nit.preset", "nit.model", "nit.weights_sha256")), fromMacro.toString());
        assertEquals(fromMacro.keySet(), fromCli.keySet(), "the same keys in a file as in a Fiji stack");
        assertEquals(fromMacro.keySet(), fromSciJava.keySet());
        for (String key : fromMacro.keySet()) {
            if (!OWN_VALUES.contains(key)) {
                assertEquals(fromMacro.get(key), fromCli.get(key), key + ": macro vs CLI");
                assertEquals(fromMacro.get(key), fromSciJava.get(key), key + ": macro vs SciJava");
            }
        }
        assertEquals("5,6", fromCli.get("nit.seeds"));
        assertTrue(fromMacro.get("nit.command").startsWith("run(\"NiT Generate...\", \""), fromMacro.get("nit.command"));
        assertTrue(fromCli.get("nit.command").startsWith("java -jar nit-cli.jar generate "), fromCli.get("nit.command"));
        assertTrue(fromCli.get("nit.command").contains("--seed 5"), fromCli.get("nit.command"));
    }

    /** The nit.* properties of an image as ImageJ reads them back from TIFF. */
    private static Map<String, String> provenance(ImagePlus imp) {
        Map<String, String> p = new TreeMap<>();
        String[] pairs = imp.getPropertiesAsArray();
        for (int i = 0; pairs != null && i + 1 < pairs.length; i += 2) {
            if (pairs[i].startsWith("nit.")) {
                p.put(pairs[i], pairs[i + 1]);
            }
        }
        return p;
    }

    /** Runs a main class on the test class path in a fresh JVM, with the test's empty models folder. */
    private static void run(String mainClass, String... args) throws Exception {
        HeadlessImageJ.get().runMain(models, dir, mainClass, args);
    }
}
