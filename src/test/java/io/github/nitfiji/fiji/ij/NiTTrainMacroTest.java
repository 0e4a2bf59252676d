package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.train.TrainingImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "NiT Train..." (issue 25, item 8) from macros in a real headless ImageJ, on the bundled
 * smoke-test model: a folder dataset trains and installs the fine-tune, whose loss plot holds every
 * step's loss, which NiT Generate then offers and starts with; the recorded line and the SciJava
 * command with the same options train the very same weights; Esc stops with a checkpoint that
 * "resume" continues; and open images are a dataset with a class per image or slice label.
 */
@Tag("imagej")
class NiTTrainMacroTest {
    private static final String TINY = "base=smoke-test steps=4 rank=2 token_budget=16 seed=1 device=cpu";

    @TempDir
    static Path dir;
    static Path models;
    static Path data;
    /** What the first run's macro returned: the plot's values, then key=value lines. */
    static Map<String, String> first;
    static List<double[]> firstPlot;

    @BeforeAll
    static void trainOnAFolder() throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        System.setProperty("nit.models.dir", models.toString());
        data = dir.resolve("cells");
        TrainingImages.write(data.resolve("mitosis"), 2, 64, 64, 0x3366cc);
        TrainingImages.write(data.resolve("interphase"), 2, 96, 64, 0xcc6633);
        HeadlessImageJ.MacroResult r = HeadlessImageJ.get().runMacro("run(\"NiT Train...\", \"images=folder data=["
                + data + "] name=cells preview_every=2 " + TINY + "\");\n" + REPORT, null);
        assertNull(r.error, r.toString());
        firstPlot = new ArrayList<>();
        first = parse(r.returned, firstPlot);
    }

    /** Reports the current image (the loss plot): its points, title, properties, and the previews' slices. */
    private static final String REPORT = "Plot.getValues(x, y);\n"
            + "s = \"\"; for (i = 0; i < x.length; i++) s = s + \"point=\" + x[i] + \",\" + d2s(y[i], 9) + \"\\n\";\n"
            + "s = s + \"title=\" + getTitle() + \"\\n\";\n"
            + "s = s + \"command=\" + Property.get(\"nit.command\") + \"\\n\";\n"
            + "s = s + \"run=\" + Property.get(\"nit.run\") + \"\\n\";\n"
            + "s = s + \"classes=\" + Property.get(\"nit.classes\") + \"\\n\";\n"
            + "if (isOpen(\"NiT Train previews: \" + Property.get(\"nit.model\"))) {\n"
            + "  selectImage(\"NiT Train previews: \" + Property.get(\"nit.model\"));\n"
            + "  s = s + \"previews=\" + nSlices + \"\\n\"; setSlice(nSlices); s = s + \"newest=\" + getInfo(\"slice.label\") + \"\\n\";\n"
            + "}\nreturn s;";

    @Test
    void aFolderTrainsAndInstallsTheModelWithALossPlotOfEveryStep() throws Exception {
        assertEquals("NiT Train loss: cells", first.get("title"));
        assertTrue(Files.isRegularFile(models.resolve("cells.json")), "installed");
        Path run = Path.of(first.get("run"));
        assertEquals(models.resolveSibling("models-training").resolve("cells"), run, "the run folder beside the models");
        List<String> csv = Files.readAllLines(run.resolve("loss.csv"), StandardCharsets.UTF_8);
        assertEquals(4, firstPlot.size(), "one point per step: " + firstPlot);
        for (int i = 0; i < 4; i++) {
            String[] line = csv.get(i + 1).split(",");
            assertEquals(i + 1, firstPlot.get(i)[0], "step");
            double loss = Double.parseDouble(line[1]);
            assertEquals(loss, firstPlot.get(i)[1], 1e-5 * Math.abs(loss), "the plot holds step " + (i + 1) + "'s loss");
        }
        assertEquals("1001 = interphase, 1002 = mitosis", first.get("classes"));
        // previews at steps 2 and 4, one slice per class each
        assertEquals("4", first.get("previews"));
        assertEquals("step 4: mitosis", first.get("newest"));
        String command = first.get("command");
        assertTrue(command.startsWith("run(\"NiT Train...\", \"images=folder data=" + data + " base=smoke-test"
                + " name=cells steps=4 rank=2 preview_every=2 device=cpu seed=1 token_budget=16\");"), command);
    }

    @Test
    void theNewModelIsOfferedByNiTGenerateAndItsDialogStartsWithIt() throws Exception {
        HeadlessImageJ imagej = HeadlessImageJ.get();
        ClassLoader plugins = (ClassLoader) imagej.call("ij.IJ", "getClassLoader", new Class<?>[0]);
        java.lang.reflect.Method installed = plugins.loadClass("io.github.nitfiji.fiji.ij.NiT_Generate")
                .getDeclaredMethod("installedModels");
        installed.setAccessible(true);
        assertTrue(((List<?>) installed.invoke(null)).contains("cells"), "offered by NiT Generate's dialog");
        Object last = plugins.loadClass("io.github.nitfiji.fiji.GenerateMemory").getMethod("last").invoke(null);
        assertEquals("cells", last.getClass().getMethod("text", String.class).invoke(last, "model"));
        assertEquals("interphase", last.getClass().getMethod("prompt").invoke(last), "its first class as the prompt");
        HeadlessImageJ.MacroResult r = imagej.runMacro("run(\"NiT Generate...\", \"prompt=mitosis width=64 height=64"
                + " steps=2 model=cells device=cpu precision=fp32\");\ns = Property.get(\"nit.fine_tune\") + \" \""
                + " + Property.get(\"nit.class_name\");\nreturn s;", null);
        assertEquals("cells mitosis", r.returned, r.toString());
    }

    @Test
    void theRecordedLineAndTheSciJavaCommandTrainTheSameWeights() throws Exception {
        HeadlessImageJ imagej = HeadlessImageJ.get();
        String again = first.get("command").replace("name=cells", "name=cells-again");
        HeadlessImageJ.MacroResult r = imagej.runMacro(again.replace("\\", "\\\\"), null);
        assertNull(r.error, r.toString());
        imagej.runMain(models, dir, "io.github.nitfiji.fiji.scijava.SciJavaTrainMain", "images", "folder", "data",
                data.toString(), "base", "smoke-test", "name", "cells-scijava", "steps", "4", "rank", "2",
                "token_budget", "16", "seed", "1", "device", "cpu", "preview_every", "2");
        byte[] weights = Files.readAllBytes(models.resolve("cells/finetune.safetensors"));
        assertArrayEquals(weights, Files.readAllBytes(models.resolve("cells-again/finetune.safetensors")),
                "replaying the recorded line");
        assertArrayEquals(weights, Files.readAllBytes(models.resolve("cells-scijava/finetune.safetensors")),
                "the SciJava command with the same options");
    }

    @Test
    void escStopsWithACheckpointAndResumeContinuesTheCurve() throws Exception {
        HeadlessImageJ imagej = HeadlessImageJ.get();
        Path run = models.resolveSibling("models-training").resolve("stopped");
        String options = "images=folder data=[" + data + "] name=stopped preview_every=0 "
                + TINY.replace("steps=4", "steps=3000");
        CompletableFuture<HeadlessImageJ.MacroResult> macro = CompletableFuture.supplyAsync(() -> {
            try {
                return imagej.runMacro("run(\"NiT Train...\", \"" + options + "\");\nreturn \"not stopped\";", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (!macro.isDone()) {
            if (steps(run) >= 2) {
                imagej.pressEscape(); // pressed until the run stops (the interpreter clears Esc as it starts)
            }
            Thread.sleep(20);
        }
        HeadlessImageJ.MacroResult stopped = macro.get(60, TimeUnit.SECONDS);
        imagej.call("ij.IJ", "resetEscape", new Class<?>[0]);
        assertNotNull(stopped.error, stopped.toString());
        assertTrue(stopped.error.contains("checkpoint") && stopped.error.contains("'resume'"), stopped.error);
        assertFalse(stopped.error.contains("--"), "the macro's words, not the command line's: " + stopped.error);
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.safetensors")), "a checkpoint");
        assertFalse(Files.exists(models.resolve("stopped.json")), "nothing installed");
        int done = steps(run);
        assertTrue(done >= 2 && done < 3000, "stopped at step " + done);

        HeadlessImageJ.MacroResult resumed = imagej.runMacro("run(\"NiT Train...\", \"" + options.replace("steps=3000",
                "steps=" + (done + 2)) + " resume\");\n" + REPORT, null);
        assertNull(resumed.error, resumed.toString());
        List<double[]> plot = new ArrayList<>();
        Map<String, String> report = parse(resumed.returned, plot);
        assertTrue(Files.isRegularFile(models.resolve("stopped.json")), "installed after resuming");
        assertEquals(done + 2, plot.size(), "the plot shows the steps before the stop too");
        for (int i = 0; i < plot.size(); i++) {
            assertEquals(i + 1, plot.get(i)[0]);
        }
        assertFalse(report.get("command").contains("resume"), "the line trains the model afresh: " + report);
    }

    @Test
    void openImagesAreADatasetWithAClassPerImageOrSliceLabel() throws Exception {
        HeadlessImageJ.MacroResult r = HeadlessImageJ.get().runMacro("while (nImages > 0) { selectImage(1); close(); }\n"
                + "newImage(\"mitosis.tif\", \"RGB noise\", 64, 64, 2);\n"
                + "newImage(\"labelled\", \"16-bit ramp\", 96, 64, 3);\n"
                + "setSlice(1); setMetadata(\"Label\", \"interphase\"); setSlice(2); setMetadata(\"Label\", \"interphase\");"
                + " setSlice(3); setMetadata(\"Label\", \"mitosis\");\n"
                + "run(\"NiT Train...\", \"images=open name=open-cells preview_every=0 "
                + TINY.replace("steps=4", "steps=2") + "\");\n" + REPORT, null);
        assertNull(r.error, r.toString());
        Map<String, String> report = parse(r.returned, new ArrayList<>());
        assertEquals("1001 = interphase, 1002 = mitosis", report.get("classes"));
        Path images = Path.of(report.get("run")).resolve("images");
        assertEquals(2, count(images.resolve("interphase")), "the two slices labelled interphase");
        assertEquals(3, count(images.resolve("mitosis")), "the stack titled mitosis.tif and the slice labelled so");
        java.awt.image.BufferedImage ramp = javax.imageio.ImageIO.read(images.resolve("interphase/0001.png").toFile());
        assertEquals(96, ramp.getWidth());
        int left = ramp.getRGB(0, 10);
        int right = ramp.getRGB(95, 10);
        assertEquals(0x000000, left & 0xffffff, "a 16-bit ramp through its display range: black at the left");
        assertEquals(right & 0xff, (right >> 16) & 0xff, "grey stays grey");
        assertTrue((right & 0xff) > 240, "white at the right: " + Integer.toHexString(right));
        assertTrue(report.get("command").contains("images=open"), report.get("command"));
    }

    private static int steps(Path run) throws Exception {
        Path csv = run.resolve("loss.csv");
        return Files.isRegularFile(csv) ? (int) Files.readAllLines(csv).stream().filter(l -> l.matches("\\d+,.*")).count()
                : 0;
    }

    private static long count(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".png")).count();
        }
    }

    private static Map<String, String> parse(String returned, List<double[]> points) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String line : returned.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("point=")) {
                String[] xy = line.substring(6).split(",");
                points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
            } else if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
