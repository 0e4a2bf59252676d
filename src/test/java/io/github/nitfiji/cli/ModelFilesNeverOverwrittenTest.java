package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.TestFiles;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.TinyTimModels;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.tim.T2iGolden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 1, and issue 23, item 3: the TiM and text-to-image file paths keep every promise
 * of the one request. No output may be one of the run's inputs (weights, configs, tokenizer, noise,
 * the installed files a model id resolves to) or a device; and supplied noise holding a NaN ends the
 * run with a message, never a black image. In process, through {@link Main#run}.
 */
class ModelFilesNeverOverwrittenTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void aTimC2iRunNeverWritesOverItsWeightsOrNoise() throws Exception {
        Path weights = copy(TimGolden.weights(), "tim.safetensors");
        Path noise = dir.resolve("noise.safetensors");
        new SafetensorsWriter().put("noise", new long[] {4, 8}, new float[32]).write(noise);
        for (Path target : List.of(weights, noise)) {
            byte[] before = Files.readAllBytes(target);
            assertEquals(2, run("generate", "--tim-weights", weights.toString(), "--class", "207", "--latent-size",
                    "2x2", "--steps", "1", "--noise", noise.toString(), "--device", "cpu", "--save-latent",
                    target.toString()), err());
            assertTrue(err().contains("writing it would destroy the input"), err());
            assertArrayEquals(before, Files.readAllBytes(target), target + " is untouched");
        }
    }

    @Test
    void aTextToImageRunNeverWritesOverAnyOfItsFiles() throws Exception {
        Path tim = copy(TestFiles.golden("tim_t2i/tim_t2i_tiny.bin"), "t2i.bin");
        Path gemma = copy(TestFiles.golden("tim_t2i/gemma_tiny.safetensors"), "gemma.safetensors");
        Path tokenizer = copy(TestFiles.golden("tim_t2i/tokenizer.json"), "tokenizer.json");
        Path config = dir.resolve("tim_config.json");
        Files.write(config, T2iGolden.index().getAsJsonObject("config").toString().getBytes(StandardCharsets.UTF_8));
        for (Path target : List.of(tim, gemma, tokenizer, config)) {
            byte[] before = Files.readAllBytes(target);
            assertEquals(2, run("generate", "--tim-weights", tim.toString(), "--tim-config", config.toString(),
                    "--text-encoder", gemma.toString(), "--tokenizer", tokenizer.toString(), "--prompt", "a cat",
                    "--latent-size", "2x2", "--steps", "1", "--device", "cpu", "--save-latent", target.toString()),
                    err());
            assertTrue(err().contains("writing it would destroy the input"), target + ": " + err());
            assertArrayEquals(before, Files.readAllBytes(target), target + " is untouched");
        }
    }

    @Test
    void theInstalledFilesAModelIdResolvesToAreInputsToo() throws Exception {
        Path models = dir.resolve("models");
        TinyTimModels.install(models);
        List<Path> own = new ArrayList<>();
        for (String id : List.of(TinyTimModels.T2I, TinyTimModels.GEMMA, TinyTimModels.DECODER)) {
            try (java.util.stream.Stream<Path> files = Files.list(models.resolve(id))) {
                files.forEach(own::add);
            }
        }
        assertTrue(own.size() >= 5, "weights, text encoder weights, config and tokenizer, decoder: " + own);
        for (Path installed : own) {
            byte[] before = Files.readAllBytes(installed);
            assertEquals(2, run("generate", "--model", TinyTimModels.T2I, "--models-dir", models.toString(),
                    "--prompt", "a cat", "--width", "64", "--height", "64", "--preset", "quick", "--device", "cpu",
                    "--save-latent", installed.toString()), err());
            assertTrue(err().contains("writing it would destroy the input"), installed + ": " + err());
            assertArrayEquals(before, Files.readAllBytes(installed));
        }
    }

    @Test
    void aDeviceIsNeverAnOutput() {
        assertEquals(2, run("generate", "--tim-weights", TimGolden.weights().toString(), "--class", "207",
                "--latent-size", "2x2", "--steps", "1", "--device", "cpu", "--save-latent", "/dev/null"), err());
        assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null stays a device");
    }

    @Test
    void nanInSuppliedNoiseEndsTheRunOnEveryFilePath() throws Exception {
        float[] values = new float[32];
        values[5] = Float.NaN;
        Path noise = dir.resolve("nan.safetensors");
        new SafetensorsWriter().put("noise", new long[] {4, 8}, values).write(noise);
        Path latent = dir.resolve("latent.safetensors");
        List<List<String>> runs = List.of(
                List.of("--tim-weights", TimGolden.weights().toString(), "--class", "207"),
                List.of("--tim-weights", TestFiles.golden("tim_t2i/tim_t2i_tiny.bin").toString(), "--tim-config",
                        t2iConfig().toString(), "--text-encoder", TestFiles.golden("tim_t2i/gemma_tiny.safetensors")
                        .toString(), "--tokenizer", TestFiles.golden("tim_t2i/tokenizer.json").toString(), "--prompt",
                        "a cat"));
        for (List<String> model : runs) {
            List<String> args = new ArrayList<>(List.of("generate"));
            args.addAll(model);
            args.addAll(Arrays.asList("--latent-size", "2x2", "--steps", "1", "--noise", noise.toString(), "--device",
                    "cpu", "--save-latent", latent.toString()));
            assertEquals(1, run(args.toArray(new String[0])), err());
            assertTrue(err().contains("initial noise holds NaN at position 5"), err());
            assertFalse(Files.exists(latent), "nothing is written");
        }
    }

    private Path t2iConfig() throws Exception {
        Path config = dir.resolve("t2i_config.json");
        Files.write(config, T2iGolden.index().getAsJsonObject("config").toString().getBytes(StandardCharsets.UTF_8));
        return config;
    }

    private Path copy(Path from, String name) throws Exception {
        return Files.copy(from, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
