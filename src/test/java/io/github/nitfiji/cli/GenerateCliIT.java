package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The golden sampler cases and bad input, through the packaged command line. */
class GenerateCliIT {
    private static final String CASES = "nit_tiny_cases.safetensors";
    private static final String WEIGHTS = TestFiles.golden("nit_tiny.safetensors").toString();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"eager", "script"})
    void goldenSamplerCasesThroughTheJar(String executor) throws Exception {
        for (JsonElement e : Golden.index().getAsJsonArray("sampler_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            float[] noise = Golden.tensor(CASES, "smp." + name + ".noise");
            Path noiseFile = dir.resolve(name + "-noise.safetensors");
            new SafetensorsWriter().put("noise", new long[] {noise.length / 32, 32}, noise).write(noiseFile);
            JsonArray hw = c.getAsJsonArray("hw");
            StringBuilder classes = new StringBuilder();
            for (JsonElement y : c.getAsJsonArray("y")) {
                classes.append(classes.length() == 0 ? "" : ",").append(y.getAsInt());
            }
            boolean sde = c.get("sampler").getAsString().contains("maruyama");
            String sampler = sde ? "sde" : c.get("heun").getAsBoolean() ? "heun" : "ode";
            Path out = dir.resolve(name + "-latent.safetensors");
            List<String> args = new ArrayList<>(Arrays.asList("generate", "--nit-weights", WEIGHTS,
                    "--class", classes.toString(), "--latent-size", hw.get(0).getAsInt() + "x" + hw.get(1).getAsInt(),
                    "--sampler", sampler, "--steps", c.get("num_steps").getAsString(),
                    "--cfg", c.get("cfg_scale").getAsString(),
                    "--guidance-interval", c.get("guidance_low").getAsString() + "," + c.get("guidance_high").getAsString(),
                    "--noise", noiseFile.toString(), "--device", "cpu", "--precision", "fp32",
                    "--executor", executor, "--save-latent", out.toString()));
            if (sde) {
                float[] draws = Golden.tensor(CASES, "smp." + name + ".sde_draws");
                Path drawsFile = dir.resolve(name + "-draws.safetensors");
                int steps = c.get("num_steps").getAsInt();
                new SafetensorsWriter().put("draws", new long[] {steps - 1, noise.length / 32, 32}, draws).write(drawsFile);
                args.add("--sde-noise");
                args.add(drawsFile.toString());
            }
            CliRunner r = CliRunner.run(dir, args.toArray(new String[0]));
            assertEquals(0, r.exitCode, r.toString());
            try (SafetensorsFile f = SafetensorsFile.open(out)) {
                assertArrayEquals(new long[] {noise.length / 32, 32}, f.info("latent").shape());
                double err = Golden.relativeError(f.readFloats("latent"), Golden.tensor(CASES, "smp." + name + ".out"));
                assertTrue(err < 1e-4, name + " through the CLI (" + executor + "): relative error " + err);
                assertFalse(r.err.contains("eager executor"), "no fallback: " + r.err);
                assertEquals(sampler, f.metadata().get("sampler"));
            }
        }
    }

    @Test
    void seedGivesTheSameLatentAndFp16StaysClose() throws Exception {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Path h = dir.resolve("h.safetensors");
        String[] common = {"generate", "--nit-weights", WEIGHTS, "--class", "207,88", "--latent-size", "3x4",
                "--steps", "5", "--seed", "42", "--device", "cpu"};
        assertEquals(0, CliRunner.run(dir, concat(common, "--save-latent", a.toString())).exitCode);
        assertEquals(0, CliRunner.run(dir, concat(common, "--save-latent", b.toString())).exitCode);
        CliRunner half = CliRunner.run(dir, concat(common, "--precision", "fp16", "--save-latent", h.toString()));
        assertEquals(0, half.exitCode, half.toString());
        try (SafetensorsFile fa = SafetensorsFile.open(a); SafetensorsFile fb = SafetensorsFile.open(b);
             SafetensorsFile fh = SafetensorsFile.open(h)) {
            assertArrayEquals(fa.readFloats("latent"), fb.readFloats("latent"));
            assertEquals("[42, 43]", fa.metadata().get("seeds"));
            assertTrue(Golden.relativeError(fh.readFloats("latent"), fa.readFloats("latent")) < 1e-2);
        }
    }

    @Test
    void helpDocumentsEveryFlag() throws Exception {
        CliRunner r = CliRunner.run(dir, "generate", "--help");
        assertEquals(0, r.exitCode);
        for (String flag : new String[] {"--nit-weights", "--nit-config", "--class", "--latent-size", "--sampler",
                "--steps", "--cfg", "--guidance-interval", "--seed", "--noise", "--sde-noise", "--precision",
                "--device", "--executor", "--save-latent"}) {
            assertTrue(r.out.contains(flag), "help mentions " + flag);
        }
    }

    @Test
    void badInputIsAOneLineUsageErrorAndWritesNothing() throws Exception {
        String[][] cases = {
            {"--class", "1001"}, {"--class", "-1"}, {"--latent-size", "0x4"}, {"--latent-size", "1024x4"},
            {"--steps", "0"}, {"--cfg", "0.5"}, {"--guidance-interval", "0.8,0.2"}, {"--guidance-interval", "-0.1,0.5"},
            {"--guidance-interval", "0,1.5"}, {"--sampler", "dpm"}, {"--device", "tpu"}, {"--bogus", "1"},
        };
        for (String[] bad : cases) {
            Path out = dir.resolve("never.safetensors");
            List<String> args = new ArrayList<>(Arrays.asList("generate", "--nit-weights", WEIGHTS, "--class", "207",
                    "--latent-size", "2x2", "--steps", "2", "--save-latent", out.toString()));
            int at = args.indexOf(bad[0]);
            if (at >= 0) {
                args.set(at + 1, bad[1]);
            } else {
                args.addAll(Arrays.asList(bad));
            }
            CliRunner r = CliRunner.run(dir, args.toArray(new String[0]));
            assertEquals(2, r.exitCode, Arrays.toString(bad) + ": " + r);
            assertTrue(r.err.startsWith("nit: error: ") && r.err.trim().split("\n").length == 1,
                    Arrays.toString(bad) + " gives one line: " + r.err);
            assertFalse(Files.exists(out), Arrays.toString(bad) + " wrote no output");
        }
    }

    @Test
    void brokenWeightsFailCleanlyWithoutOutput() throws Exception {
        byte[] all = Files.readAllBytes(TestFiles.golden("nit_tiny.safetensors"));
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(all, all.length / 2));
        Path out = dir.resolve("never.safetensors");
        CliRunner r = CliRunner.run(dir, "generate", "--nit-weights", truncated.toString(), "--class", "1",
                "--latent-size", "2x2", "--steps", "1", "--save-latent", out.toString());
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.contains(truncated.toString()) && r.err.contains("outside the data section"), r.err);
        assertFalse(r.err.contains("at io.github"), "no stack trace: " + r.err);
        assertFalse(Files.exists(out));
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no partial file left");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
