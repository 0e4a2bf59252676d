package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.TinyTimModels;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.tim.T2iGolden;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TiM through a macro in a real headless ImageJ, from an installed models folder (cards and
 * files) to a finished image: the official sampler cases (golden/tim) give the image that the
 * decoder makes of the official latent, the provenance names the model kind and the transition
 * sampler, and the recorded command ({@code nit.command}) makes the same pixels again.
 */
@Tag("imagej")
class TimMacroTest {
    private static final int CHANNELS = 8;
    private static final int H = 3;
    private static final int W = 4;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final HeadlessFiji imagej = HeadlessFiji.withModels(() -> dir, TinyTimModels::install);

    @Test
    void classCaseThroughAMacroGivesTheDecodedOfficialLatent() throws Exception {
        // cfg_interval: 4 transition steps, CFG 3 on (0, 0.7); image 2 of the case (class 33) alone
        float[] noise = TimGolden.toTokens(TimGolden.tensor("smp.cfg_interval.noise"), CHANNELS, H, W);
        float[] out = TimGolden.toTokens(TimGolden.tensor("smp.cfg_interval.out"), CHANNELS, H, W);
        int perImage = H * W * CHANNELS;
        Path noiseFile = dir.resolve("noise33.safetensors");
        new SafetensorsWriter().put("noise", new long[] {H * W, CHANNELS},
                Arrays.copyOfRange(noise, perImage, 2 * perImage)).write(noiseFile);
        String options = "prompt=33 width=128 height=96 images=1 seed=0 preset=custom steps=4 cfg=3 guidance_low=0 "
                + "guidance_high=0.7 tim_mode=transition model=" + TinyTimModels.C2I + " device=cpu precision=fp32 "
                + "output=32-bit noise=[" + noiseFile + "]";
        ImagePlus image = runMacro("run(\"NiT Generate...\", \"" + options + "\");", "c2i.tif");

        float[] expected = decode(Arrays.copyOfRange(out, perImage, 2 * perImage), "expected33");
        double error = Golden.relativeError(planes(image), expected);
        assertTrue(error < 1e-4, "image vs decode(official latent): relative error " + error);

        assertEquals("tim-c2i", image.getProp("nit.model_kind"));
        assertEquals(TinyTimModels.C2I, image.getProp("nit.model"));
        assertEquals("transition", image.getProp("nit.sampler"));
        assertEquals("transition", image.getProp("nit.tim_mode"));
        assertEquals("0.0", image.getProp("nit.stochasticity"));
        assertEquals("4", image.getProp("nit.steps"));
        assertEquals("0.0,0.7", image.getProp("nit.guidance_interval"));
        assertEquals("33", image.getProp("nit.class"));
        assertEquals("128x128 (this image is outside it)", image.getProp("nit.trained_size"));

        String recorded = image.getProp("nit.command");
        assertTrue(recorded.contains("tim_mode=transition"), recorded);
        ImagePlus again = runMacro(recorded.replace("\\", "\\\\"), "again.tif");
        for (int s = 1; s <= 3; s++) {
            assertArrayEquals((float[]) image.getStack().getPixels(s), (float[]) again.getStack().getPixels(s),
                    "the recorded line regenerates channel " + s);
        }
    }

    @Test
    void textCaseThroughAMacroGivesTheDecodedOfficialLatent() throws Exception {
        // cfg4: "a castle on a hill", 4 transition steps, CFG 2.5 on (0, 1) against the empty caption
        float[] noise = T2iGolden.tensor("smp.cfg4.noise");
        float[] out = TimGolden.toTokens(T2iGolden.tensor("smp.cfg4.out"), CHANNELS, H, W);
        Path noiseFile = dir.resolve("noise_castle.safetensors");
        new SafetensorsWriter().put("noise", new long[] {H * W, CHANNELS}, TimGolden.toTokens(noise, CHANNELS, H, W))
                .write(noiseFile);
        String options = "prompt=[a castle on a hill] width=128 height=96 images=1 seed=0 preset=custom steps=4 "
                + "cfg=2.5 guidance_low=0 guidance_high=1 tim_mode=transition model=" + TinyTimModels.T2I
                + " device=cpu precision=fp32 output=32-bit noise=[" + noiseFile + "]";
        ImagePlus image = runMacro("run(\"NiT Generate...\", \"" + options + "\");", "t2i.tif");

        double error = Golden.relativeError(planes(image), decode(out, "expected_castle"));
        assertTrue(error < 1e-4, "image vs decode(official latent): relative error " + error);
        assertEquals("tim-t2i", image.getProp("nit.model_kind"));
        assertEquals("a castle on a hill", image.getProp("nit.prompt"));
        assertEquals(TinyTimModels.GEMMA, image.getProp("nit.text_encoder"));
        assertEquals("", image.getProp("nit.class"));
        assertEquals("transition", image.getProp("nit.tim_mode"));
        String label = image.getStack().getSliceLabel(1);
        assertTrue(label.startsWith("a castle on a hill | "), "a text model's images are labelled by their text: "
                + label);
    }

    @Test
    void sameTimRequestSamePixelsAndProvenanceThroughMacroCommandLineAndSciJava() throws Exception {
        ImagePlus macro = runMacro("run(\"NiT Generate...\", \"prompt=goldfish width=96 height=64 images=2 seed=5 "
                + "preset=custom steps=3 cfg=2 guidance_low=0 guidance_high=1 tim_mode=ddiffusion stochasticity=0.3 "
                + "model=" + TinyTimModels.C2I + " device=cpu precision=fp32 output=RGB\");", "doors_macro.tif");
        Path cliPattern = dir.resolve("doors_cli_{i}.tif");
        run("io.github.nitfiji.cli.Main", "generate", "--model", TinyTimModels.C2I, "--prompt", "goldfish", "--width",
                "96", "--height", "64", "--images", "2", "--seed", "5", "--preset", "custom", "--steps", "3", "--cfg", "2",
                "--guidance-interval", "0,1", "--tim-mode", "ddiffusion", "--stochasticity", "0.3", "--device", "cpu",
                "--precision", "fp32", "--out", cliPattern.toString());
        Path sciJavaTiff = dir.resolve("doors_scijava.tif");
        run("io.github.nitfiji.fiji.scijava.SciJavaGenerateMain", sciJavaTiff.toString(), "prompt", "goldfish", "width", "96",
                "height", "64", "images", "2", "seed", "5", "preset", "custom", "steps", "3", "cfg", "2", "guidance_low",
                "0", "guidance_high", "1", "tim_mode", "ddiffusion", "stochasticity", "0.3", "model", TinyTimModels.C2I,
                "device", "cpu", "precision", "fp32", "output", "RGB");
        ImagePlus sciJava = IJ.openImage(sciJavaTiff.toString());
        for (int i = 1; i <= 2; i++) {
            ImagePlus cli = IJ.openImage(dir.resolve("doors_cli_" + i + ".tif").toString());
            int[] cliPixels = (int[]) cli.getProcessor().getPixels();
            assertArrayEquals(cliPixels, (int[]) macro.getStack().getPixels(i), "image " + i + ": CLI vs macro");
            assertArrayEquals(cliPixels, (int[]) sciJava.getStack().getPixels(i), "image " + i + ": CLI vs SciJava");
        }
        ImagePlus cli = IJ.openImage(dir.resolve("doors_cli_1.tif").toString());
        for (String key : new String[] {"nit.model_kind", "nit.model", "nit.sampler", "nit.tim_mode", "nit.stochasticity",
            "nit.steps", "nit.cfg", "nit.guidance_interval", "nit.seeds", "nit.trained_size", "nit.class"}) {
            assertNotNull(macro.getProp(key), key);
            assertEquals(macro.getProp(key), cli.getProp(key), key + ": macro vs CLI");
            assertEquals(macro.getProp(key), sciJava.getProp(key), key + ": macro vs SciJava");
        }
        assertEquals("ddiffusion", macro.getProp("nit.tim_mode"));
        assertEquals("0.3", macro.getProp("nit.stochasticity"));
        assertTrue(cli.getProp("nit.command").contains("--tim-mode ddiffusion --stochasticity 0.3"),
                cli.getProp("nit.command"));
    }

    @Test
    void aTextModelRefusesSidesOffTheDecoderGrid() throws Exception {
        HeadlessImageJ.MacroResult r = imagej.runMacro("run(\"NiT Generate...\", \"prompt=[a cat] "
                + "width=100 height=96 model=" + TinyTimModels.T2I + " device=cpu\");", null);
        assertNotNull(r.error, "width 100 is not a multiple of 32");
        assertTrue(r.error.startsWith("width 100 px is not a multiple of 32") && r.error.contains("use 96"), r.error);
    }

    @Test
    void settingsTimDoesNotTakeAreRefusedNamingTheKey() throws Exception {
        HeadlessImageJ.MacroResult nit = imagej.runMacro("run(\"NiT Generate...\", \"prompt=goldfish "
                + "width=64 height=64 preset=custom steps=2 stochasticity=0.3 model=smoke-test device=cpu\");", null);
        assertNotNull(nit.error, "stochasticity with a NiT model must fail");
        assertTrue(nit.error.startsWith("stochasticity goes with a TiM-C2I or TiM-T2I model; smoke-test is a NiT model"), nit.error);
        HeadlessImageJ.MacroResult mode = imagej.runMacro("run(\"NiT Generate...\", \"prompt=goldfish "
                + "preset=custom tim_mode=euler model=" + TinyTimModels.C2I + "\");", null);
        assertNotNull(mode.error, "an unknown tim_mode must fail");
        assertTrue(mode.error.startsWith("tim_mode 'euler' is unknown; use transition or ddiffusion"), mode.error);
    }

    /** Runs the macro, saves the result as TIFF and reads it back (provenance as a file carries it). */
    private static ImagePlus runMacro(String macro, String file) throws Exception {
        Path tiff = dir.resolve(file);
        HeadlessImageJ.MacroResult r = imagej.runMacro(macro + "\nsaveAs(\"Tiff\", \"" + tiff
                + "\");\nclose();", null);
        assertNull(r.error, r.toString());
        return IJ.openImage(tiff.toString());
    }

    /** The 32-bit result's R, G, B planes back in the decoder's range ([0, 1] -> [-1, 1]). */
    private static float[] planes(ImagePlus image) {
        int plane = image.getWidth() * image.getHeight();
        float[] all = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            float[] p = (float[]) image.getStack().getPixels(c + 1);
            for (int i = 0; i < plane; i++) {
                all[c * plane + i] = 2 * p[i] - 1;
            }
        }
        return all;
    }

    /** The tiny decoder applied to latent tokens [h*w, C] in a fresh JVM ({@link DecodeLatentMain}). */
    static float[] decode(float[] tokens, String name) throws Exception {
        Path latent = dir.resolve(name + "_latent.safetensors");
        Path planes = dir.resolve(name + "_planes.safetensors");
        new SafetensorsWriter().put("latent", new long[] {H * W, CHANNELS}, tokens).write(latent);
        run(DecodeLatentMain.class.getName(), TinyTimModels.decoderWeights(imagej.models()).toString(), latent.toString(),
                Integer.toString(H), Integer.toString(W), planes.toString());
        try (SafetensorsFile f = SafetensorsFile.open(planes)) {
            return f.readFloats("planes");
        }
    }

    /** Runs a main class on the test class path in a fresh JVM, with the test's models folder. */
    static void run(String mainClass, String... args) throws Exception {
        imagej.runMain(mainClass, args);
    }
}
