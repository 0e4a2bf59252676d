package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.Golden;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.TinyTimModels;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.tim.T2iGolden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --model ID} with installed TiM models (in process, through {@link Main#run}):
 * the official sampler cases from the model id to the saved latent (and images beside it), and
 * the settings a model does not take refused by their flag, nothing written.
 */
class TimModelCliTest {
    private static final int C = 8;
    private static final int H = 3;
    private static final int W = 4;
    private static final int PER_IMAGE = H * W * C;

    @TempDir
    static Path dir;
    static Path models;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void install() throws Exception {
        models = dir.resolve("models");
        TinyTimModels.install(models);
    }

    @Test
    void stochasticClassCaseByModelId() throws Exception {
        // the stochastic case (6 steps, CFG 1.5, s = 0.2) for its first image, class 88, with the recorded draws
        float[] noise = image0(TimGolden.toTokens(TimGolden.tensor("smp.stochastic.noise"), C, H, W), 2);
        float[] xi = TimGolden.tensor("smp.stochastic.xi");
        int steps = 6;
        float[] draws = new float[steps * PER_IMAGE];
        for (int k = 0; k < steps; k++) {
            float[] step = TimGolden.toTokens(Arrays.copyOfRange(xi, k * 2 * PER_IMAGE, (k + 1) * 2 * PER_IMAGE), C, H,
                    W);
            System.arraycopy(step, 0, draws, k * PER_IMAGE, PER_IMAGE);
        }
        Path noiseFile = dir.resolve("noise88.safetensors");
        new SafetensorsWriter().put("noise", new long[] {H * W, C}, noise).write(noiseFile);
        Path drawsFile = dir.resolve("draws88.safetensors");
        new SafetensorsWriter().put("draws", new long[] {steps, H * W, C}, draws).write(drawsFile);
        Path latent = dir.resolve("c2i_latent.safetensors");
        Path png = dir.resolve("c2i.png");
        assertEquals(0, run("generate", "--model", TinyTimModels.C2I, "--models-dir", models.toString(), "--class", "88",
                "--latent-size", H + "x" + W, "--steps", "6", "--cfg", "1.5", "--guidance-interval", "0,1",
                "--tim-mode", "transition", "--stochasticity", "0.2", "--noise", noiseFile.toString(),
                "--sde-noise", drawsFile.toString(), "--device", "cpu", "--precision", "fp32",
                "--save-latent", latent.toString(), "--out", png.toString()), err.toString(StandardCharsets.UTF_8));
        float[] expected = image0(TimGolden.toTokens(TimGolden.tensor("smp.stochastic.out"), C, H, W), 2);
        assertLatent(latent, expected);
        assertTrue(Files.size(png) > 0);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("was trained at 128 x 128 px; 128 x 96 px is outside"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void textCaseByModelId() throws Exception {
        // ddiff_b2's first prompt alone: 3 ddiffusion steps, CFG 1.5 on (0, 1), padded to its own length
        float[] noise = T2iGolden.tensor("smp.onestep.noise");
        Path noiseFile = dir.resolve("noise_fox.safetensors");
        new SafetensorsWriter().put("noise", new long[] {H * W, C}, TimGolden.toTokens(noise, C, H, W)).write(noiseFile);
        Path latent = dir.resolve("t2i_latent.safetensors");
        Path png = dir.resolve("fox.png");
        assertEquals(0, run("generate", "--model", TinyTimModels.T2I, "--models-dir", models.toString(),
                "--prompt", "a red fox on the grass", "--width", "128", "--height", "96", "--steps", "1",
                "--cfg", "2.5", "--guidance-interval", "0,1", "--noise", noiseFile.toString(), "--device", "cpu",
                "--precision", "fp32", "--save-latent", latent.toString(), "--out", png.toString()),
                err.toString(StandardCharsets.UTF_8));
        assertLatent(latent, TimGolden.toTokens(T2iGolden.tensor("smp.onestep.out"), C, H, W));
        assertTrue(Files.size(png) > 0);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(png.toString()));
    }

    @Test
    void settingsAModelDoesNotTakeAreRefusedByTheirFlag() throws Exception {
        Path png = dir.resolve("never.png");
        assertEquals(2, run("generate", "--model", "smoke-test", "--models-dir", models.toString(), "--prompt", "goldfish",
                "--steps", "2", "--stochasticity", "0.5", "--out", png.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--stochasticity goes with a TiM-C2I or TiM-T2I model; smoke-test is a NiT model"),
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("generate", "--model", TinyTimModels.C2I, "--models-dir", models.toString(), "--prompt",
                "goldfish", "--tim-mode", "sideways", "--out", png.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--tim-mode 'sideways' is unknown"),
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("generate", "--model", TinyTimModels.C2I, "--models-dir", models.toString(), "--prompt",
                "goldfish", "--stochasticity", "1.5", "--out", png.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--stochasticity must be 0..1"),
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("generate", "--model", TinyTimModels.T2I, "--models-dir", models.toString(), "--class", "3",
                "--out", png.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--class goes with class models"),
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("generate", "--model", TinyTimModels.T2I, "--models-dir", models.toString(), "--prompt",
                "a cat", "--width", "200", "--out", png.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--width 200 px is not a multiple of 32")
                && err.toString(StandardCharsets.UTF_8).contains("use 192"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("generate", "--model", "smoke-test", "--models-dir", models.toString(), "--prompt",
                "goldfish", "--preset", "best", "--out", png.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--preset best"), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(png), "nothing is written");
    }

    @Test
    void aTextRequestOverTheMemoryBudgetIsRefusedBeforeLoading() throws Exception {
        Path png = dir.resolve("too_big.png");
        assertEquals(1, run("generate", "--model", TinyTimModels.T2I, "--models-dir", models.toString(), "--prompt",
                "a cat", "--width", "64", "--height", "64", "--memory-budget", "1", "--device", "cpu", "--out",
                png.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("above the budget of 0.0 GB"),
                err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(png));
    }

    private static float[] image0(float[] tokens, int images) {
        return Arrays.copyOf(tokens, tokens.length / images);
    }

    private static void assertLatent(Path file, float[] expected) throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            double error = Golden.relativeError(f.readFloats("latent"), expected);
            assertTrue(error < 1e-4, "relative error " + error);
        }
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        return Main.run(all.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
