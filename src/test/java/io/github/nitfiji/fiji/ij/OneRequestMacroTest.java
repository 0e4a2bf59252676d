package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import io.github.nitfiji.TinyTimModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request, one rule, every family (issue 23 "must show", issue 25 item 2): every preset of
 * every card, run from a macro in a real headless ImageJ, records a line that gives the same bytes
 * again and names the preset without the settings it sets itself; and the same request through
 * the macro, the command line, the SciJava command and a batch job file gives the same pixels
 * (and, for the stacks and files that carry it, the same provenance) for NiT, TiM-C2I and TiM-T2I.
 */
@Tag("imagej")
class OneRequestMacroTest {
    /** Differ by design: when it ran, and the command in the front door's own syntax. */
    private static final Set<String> OWN_VALUES = Set.of("nit.timestamp", "nit.command");

    @TempDir
    static Path dir;
    @RegisterExtension
    static final HeadlessFiji imagej = HeadlessFiji.withModels(() -> dir, TinyTimModels::install);

    @Test
    void everyPresetOfEveryCardReplaysItsRecordedLineByteForByte() throws Exception {
        Map<String, List<String>> presets = Map.of(
                "smoke-test", List.of("fast", "paper", "custom"),
                TinyTimModels.C2I, List.of("quick", "fast", "best", "paper", "custom"),
                TinyTimModels.T2I, List.of("quick", "fast", "balanced", "best", "paper", "custom"));
        int checked = 0;
        for (Map.Entry<String, List<String>> model : new TreeMap<>(presets).entrySet()) {
            boolean text = model.getKey().equals(TinyTimModels.T2I);
            for (String preset : model.getValue()) {
                String options = "prompt=[" + (text ? "a red fox in the snow" : "goldfish") + "] width=64 height=96 "
                        + "images=1 seed=7 preset=" + preset + (preset.equals("custom") ? " steps=2" : "") + " model="
                        + model.getKey() + " device=cpu precision=fp32";
                ImagePlus first = runMacro("run(\"NiT Generate...\", \"" + options + "\");", "first.tif");
                String recorded = first.getProp("nit.command");
                String what = model.getKey() + " preset " + preset + ": " + recorded;
                assertTrue(recorded.contains(" preset=" + preset + " "), what);
                assertEquals(preset.equals("custom"), recorded.contains("steps="),
                        "a named preset is recorded without the settings it sets itself: " + what);
                assertEquals(preset.equals("custom") ? "2" : null, preset.equals("custom") ? first.getProp("nit.steps")
                        : null, what);
                ImagePlus again = runMacro(recorded.replace("\\", "\\\\"), "again.tif");
                assertArrayEquals((int[]) first.getProcessor().getPixels(), (int[]) again.getProcessor().getPixels(),
                        "replaying the recorded line gives the same bytes: " + what);
                assertEquals(first.getProp("nit.preset"), again.getProp("nit.preset"), what);
                checked++;
            }
        }
        assertEquals(14, checked);
    }

    @Test
    void classTimWithAPresetThatSetsExtraKeysThroughEveryFrontDoor() throws Exception {
        sameThroughEveryFrontDoor("c2i", "prompt=goldfish width=128 height=128 images=2 seed=5 preset=best model="
                + TinyTimModels.C2I + " device=cpu precision=fp32", "0.2", true);
    }

    @Test
    void textTimThroughEveryFrontDoor() throws Exception {
        sameThroughEveryFrontDoor("t2i", "prompt=[a red fox in the snow] width=128 height=96 images=2 seed=5 "
                + "preset=fast model=" + TinyTimModels.T2I + " device=cpu precision=fp32", "0.0", true);
    }

    @Test
    void nitCustomThroughEveryFrontDoor() throws Exception {
        sameThroughEveryFrontDoor("nit", "prompt=goldfish width=72 height=40 images=2 seed=5 preset=custom "
                + "sampler=heun steps=3 cfg=2.5 guidance_low=0.1 guidance_high=0.8 model=smoke-test device=cpu "
                + "precision=fp32", null, false);
    }

    @Test
    void refineToThroughTheMacroAndTheCommandLine() throws Exception {
        ImagePlus source = runMacro("newImage(\"cells\", \"RGB ramp\", 64, 48, 1);", "cells.tif");
        Path sourceFile = dir.resolve("cells.tif");
        assertNotNull(source);
        String options = "prompt=goldfish seed=3 preset=custom steps=4 model=smoke-test device=cpu precision=fp32"
                + " source=[cells.tif] refine_to=96x64";
        Path macroTiff = dir.resolve("refined-macro.tif");
        HeadlessImageJ.MacroResult r = imagej.runMacro("open(\"" + sourceFile + "\");\n"
                + "run(\"NiT Generate...\", \"" + options + "\");\nsaveAs(\"Tiff\", \"" + macroTiff + "\");", null);
        assertNull(r.error, r.toString());
        Path cliTiff = dir.resolve("refined-cli.tif");
        run("io.github.nitfiji.cli.Main", "generate", "--prompt", "goldfish", "--seed", "3", "--preset", "custom",
                "--steps", "4", "--model", "smoke-test", "--device", "cpu", "--precision", "fp32", "--init-image",
                sourceFile.toString(), "--refine-to", "96x64", "--out", cliTiff.toString());
        ImagePlus macro = IJ.openImage(macroTiff.toString());
        ImagePlus cli = IJ.openImage(cliTiff.toString());
        assertEquals(96, macro.getWidth());
        assertEquals(64, macro.getHeight());
        assertArrayEquals((int[]) cli.getProcessor().getPixels(), (int[]) macro.getProcessor().getPixels(),
                "refine_to: the macro and the command line give the same pixels");
        assertEquals("0.4", macro.getProp("nit.strength"), "the documented refine strength");
        assertEquals(cli.getProp("nit.strength"), macro.getProp("nit.strength"));
        assertEquals(cli.getProp("nit.source_sha256"), macro.getProp("nit.source_sha256"), "the same source pixels");
    }

    /** Issue 22, item 5: a fine-tune trained here runs from a macro by its id, its own class by name. */
    @Test
    void aFineTuneRunsFromAMacroAndItsRecordedLineReplays() throws Exception {
        Path data = dir.resolve("cells");
        io.github.nitfiji.train.TrainingImages.write(data.resolve("mitosis"), 2, 64, 64, 0x3366cc);
        io.github.nitfiji.train.TrainingImages.write(data.resolve("interphase"), 2, 64, 64, 0xcc6633);
        // the engine loaded in ImageJ first: the child JVM below runs with its thread count
        runMacro("run(\"NiT Generate...\", \"prompt=goldfish width=32 height=32 steps=1 model=smoke-test\");",
                "warm.tif");
        // in its own JVM: DJL's native library belongs to one class loader per JVM, here ImageJ's
        run("io.github.nitfiji.cli.Main", "train", "--models-dir", imagej.models().toString(), "--data", data.toString(),
                "--base", "smoke-test", "--name", "macro-cells", "--run", dir.resolve("cells.run").toString(), "--steps",
                "2", "--rank", "2", "--token-budget", "16", "--seed", "1");
        ImagePlus first = runMacro("run(\"NiT Generate...\", \"prompt=mitosis width=64 height=64 seed=2 steps=2 "
                + "model=macro-cells device=cpu precision=fp32\");", "cells.tif");
        assertEquals("macro-cells", first.getProp("nit.fine_tune"));
        assertEquals("smoke-test", first.getProp("nit.base_model"));
        assertEquals("mitosis", first.getProp("nit.class_name"));
        ImagePlus again = runMacro(first.getProp("nit.command").replace("\\", "\\\\"), "cells-again.tif");
        assertArrayEquals((int[]) first.getProcessor().getPixels(), (int[]) again.getProcessor().getPixels());
    }

    /**
     * The macro's request through the command line, SciJava and a batch job: identical pixels;
     * identical provenance but for the time and the command (stacks and TIFF files).
     */
    private void sameThroughEveryFrontDoor(String name, String macroOptions, String stochasticity, boolean tim)
            throws Exception {
        ImagePlus macro = runMacro("run(\"NiT Generate...\", \"" + macroOptions + "\");", name + "-macro.tif");
        Map<String, String> options = options(macroOptions);

        java.util.List<String> cli = new java.util.ArrayList<>(List.of("generate"));
        options.forEach((key, value) -> {
            cli.add("--" + key.replace('_', '-'));
            cli.add(value);
        });
        cli.addAll(List.of("--out", dir.resolve(name + "-cli_{i}.tif").toString()));
        run("io.github.nitfiji.cli.Main", cli.toArray(new String[0]));

        java.util.List<String> sciJava = new java.util.ArrayList<>(List.of(dir.resolve(name + "-scijava.tif")
                .toString()));
        options.forEach((key, value) -> {
            sciJava.add(key);
            sciJava.add(value);
        });
        run("io.github.nitfiji.fiji.scijava.SciJavaGenerateMain", sciJava.toArray(new String[0]));

        // a batch makes one image per call (so an image depends on its own seed only): compare with one-image runs,
        // as CPU results depend on the batch in their last bit (docs/reproducibility.md)
        Path job = dir.resolve(name + "-job.json");
        StringBuilder entry = new StringBuilder("{\"requests\": [{\"id\": \"r\"");
        options.forEach((key, value) -> entry.append(", \"").append(key).append("\": \"").append(value).append('"'));
        Files.write(job, entry.append("}]}").toString().getBytes(StandardCharsets.UTF_8));
        run("io.github.nitfiji.cli.Main", "batch", job.toString(), "--out", dir.resolve(name + "-batch").toString());
        ImagePlus[] single = new ImagePlus[3];
        for (int i = 1; i <= 2; i++) {
            single[i] = runMacro("run(\"NiT Generate...\", \"" + macroOptions.replace("images=2", "images=1")
                    .replace("seed=5", "seed=" + (4 + i)) + "\");", name + "-single" + i + ".tif");
        }

        ImagePlus fromSciJava = IJ.openImage(dir.resolve(name + "-scijava.tif").toString());
        for (int i = 1; i <= 2; i++) {
            ImagePlus fromCli = IJ.openImage(dir.resolve(name + "-cli_" + i + ".tif").toString());
            int[] pixels = (int[]) macro.getStack().getPixels(i);
            assertArrayEquals(pixels, (int[]) fromCli.getProcessor().getPixels(), name + " image " + i + ": CLI");
            assertArrayEquals(pixels, (int[]) fromSciJava.getStack().getPixels(i), name + " image " + i + ": SciJava");
            ImagePlus fromJob = IJ.openImage(batchImage(name, i).toString());
            assertArrayEquals((int[]) single[i].getProcessor().getPixels(), (int[]) fromJob.getProcessor().getPixels(),
                    name + " image " + i + ": job file vs a one-image macro");
            if (i == 1) {
                assertSameProvenance(name, provenance(macro), provenance(fromCli), provenance(fromSciJava));
            }
        }
        if (tim) {
            assertEquals(stochasticity, macro.getProp("nit.stochasticity"), "the preset's own extra key ran");
        }
    }

    private static void assertSameProvenance(String name, Map<String, String> macro, Map<String, String> cli,
                                             Map<String, String> sciJava) {
        assertEquals(macro.keySet(), cli.keySet(), name + ": the same keys in a file as in a Fiji stack");
        assertEquals(macro.keySet(), sciJava.keySet(), name);
        for (String key : macro.keySet()) {
            if (!OWN_VALUES.contains(key)) {
                assertEquals(macro.get(key), cli.get(key), name + " " + key + ": macro vs CLI");
                assertEquals(macro.get(key), sciJava.get(key), name + " " + key + ": macro vs SciJava");
            }
        }
    }

    /** The batch's file of image {@code i} (seed 4 + i) of the job's one request. */
    private static Path batchImage(String name, int i) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve(name + "-batch"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png"))
                    .filter(p -> p.getFileName().toString().contains(Integer.toString(4 + i)))
                    .findFirst().orElseThrow(() -> new AssertionError("no batch image for seed " + (4 + i)));
        }
    }

    /** key=value or key=[value with spaces] pairs, in order. */
    private static Map<String, String> options(String macroOptions) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)=(\\[[^\\]]*\\]|\\S+)").matcher(macroOptions);
        while (m.find()) {
            String value = m.group(2);
            options.put(m.group(1), value.startsWith("[") ? value.substring(1, value.length() - 1) : value);
        }
        return options;
    }

    private static ImagePlus runMacro(String macro, String file) throws Exception {
        Path tiff = dir.resolve(file);
        HeadlessImageJ.MacroResult r = imagej.runMacro(macro + "\nsaveAs(\"Tiff\", \"" + tiff
                + "\");\nclose();", null);
        assertNull(r.error, r.toString());
        return IJ.openImage(tiff.toString());
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

    /** Runs a main class on the test class path in a fresh JVM, with the tiny models folder. */
    private static void run(String mainClass, String... args) throws Exception {
        imagej.runMain(mainClass, args);
    }
}
