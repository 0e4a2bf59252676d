package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.io.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official TiM sampler cases and bad input, through the packaged command line. */
class TimGenerateCliIT {
    private static final int CHANNELS = 8;
    private static final String WEIGHTS = TimGolden.weights().toString();

    @TempDir
    Path dir;

    @Test
    void goldenSamplerCasesThroughTheJar() throws Exception {
        for (JsonElement e : TimGolden.cases("sampler_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            int h = c.get("h").getAsInt();
            int w = c.get("w").getAsInt();
            int steps = c.get("num_steps").getAsInt();
            float[] noise = TimGolden.toTokens(TimGolden.tensor("smp." + name + ".noise"), CHANNELS, h, w);
            long tokens = noise.length / CHANNELS;
            Path noiseFile = dir.resolve(name + "-noise.safetensors");
            new SafetensorsWriter().put("noise", new long[] {tokens, CHANNELS}, noise).write(noiseFile);
            StringBuilder classes = new StringBuilder();
            for (JsonElement y : c.getAsJsonArray("y")) {
                classes.append(classes.length() == 0 ? "" : ",").append(y.getAsInt());
            }
            Path out = dir.resolve(name + "-latent.safetensors");
            List<String> args = new ArrayList<>(Arrays.asList("generate", "--tim-weights", WEIGHTS,
                    "--class", classes.toString(), "--latent-size", h + "x" + w, "--steps", String.valueOf(steps),
                    "--cfg", c.get("cfg_scale").getAsString(),
                    "--guidance-interval", c.get("cfg_low").getAsString() + "," + c.get("cfg_high").getAsString(),
                    "--tim-mode", c.get("sample_type").getAsString(),
                    "--stochasticity", c.get("stochasticity_ratio").getAsString(),
                    "--noise", noiseFile.toString(), "--device", "cpu", "--precision", "fp32",
                    "--save-latent", out.toString()));
            if (c.get("stochasticity_ratio").getAsDouble() > 0) {
                float[] draws = TimGolden.toTokens(TimGolden.tensor("smp." + name + ".xi"), CHANNELS, h, w);
                Path drawsFile = dir.resolve(name + "-draws.safetensors");
                new SafetensorsWriter().put("draws", new long[] {steps, tokens, CHANNELS}, draws).write(drawsFile);
                args.add("--sde-noise");
                args.add(drawsFile.toString());
            }
            CliRunner r = CliRunner.run(dir, args.toArray(new String[0]));
            assertEquals(0, r.exitCode, r.toString());
            assertTrue(r.err.contains("was trained at 128 x 128 px; " + 32 * w + " x " + 32 * h + " px is outside it")
                    == (h != 4 || w != 4), r.err);
            try (SafetensorsFile f = SafetensorsFile.open(out)) {
                assertArrayEquals(new long[] {tokens, CHANNELS}, f.info("latent").shape());
                float[] expected = TimGolden.toTokens(TimGolden.tensor("smp." + name + ".out"), CHANNELS, h, w);
                double err = Golden.relativeError(f.readFloats("latent"), expected);
                assertTrue(err < 1e-4, name + " through the CLI: relative error " + err);
                assertEquals("transition", f.metadata().get("sampler"));
                assertEquals(c.get("sample_type").getAsString(), f.metadata().get("tim_mode"));
                assertEquals("supplied noise", f.metadata().get("seeds"));
            }
        }
    }

    @Test
    void badSettingsAreOneLineUsageErrorsAndWriteNothing() throws Exception {
        String[][] cases = {
            {"--steps", "0"}, {"--stochasticity", "1.5"}, {"--stochasticity", "-0.2"}, {"--tim-mode", "diffusion"},
            {"--class", "1001"}, {"--out", "x.png"},
        };
        for (String[] bad : cases) {
            Path out = dir.resolve("never.safetensors");
            List<String> args = new ArrayList<>(Arrays.asList("generate", "--tim-weights", WEIGHTS, "--class", "207",
                    "--latent-size", "2x2", "--steps", "2", "--seed", "1", "--device", "cpu",
                    "--save-latent", out.toString()));
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
    void nitAndTimFilesMixedUpAreNamed() throws Exception {
        Path out = dir.resolve("never.safetensors");
        String nit = TestFiles.golden("nit_tiny.safetensors").toString();
        CliRunner asTim = CliRunner.run(dir, "generate", "--tim-weights", nit, "--class", "1", "--latent-size", "2x2",
                "--device", "cpu", "--save-latent", out.toString());
        assertEquals(1, asTim.exitCode, "a wrong file is a bad file (exit 1): " + asTim);
        assertTrue(asTim.err.contains("is a NiT checkpoint, not a TiM-C2I") && asTim.err.contains("--nit-weights"),
                asTim.err);
        CliRunner asNit = CliRunner.run(dir, "generate", "--nit-weights", WEIGHTS, "--class", "1", "--latent-size", "2x2",
                "--steps", "1", "--device", "cpu", "--save-latent", out.toString());
        assertEquals(1, asNit.exitCode, "a wrong file is a bad file (exit 1): " + asNit);
        assertTrue(asNit.err.contains("is a TiM-C2I (class-conditional TiM) checkpoint, not a NiT")
                && asNit.err.contains("--tim-weights"), asNit.err);
        assertFalse(Files.exists(out));
    }

    @Test
    void missingAndMisShapedKeysAreListedAtOnce() throws Exception {
        Path broken = dir.resolve("broken.safetensors");
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(TimGolden.weights())) {
            for (TensorInfo info : f.tensors().values()) {
                String key = info.name();
                float[] values = f.readFloats(key);
                if (key.equals("blocks.1.attn.qkv_d.weight")) {
                    continue;
                }
                long[] shape = info.shape();
                if (key.equals("final_layer.linear.weight")) {
                    shape = new long[] {shape[1], shape[0]};
                }
                writer.put(key, shape, values);
            }
            writer.metadata("config", f.metadata().get("config"));
        }
        writer.write(broken);
        Path out = dir.resolve("never.safetensors");
        CliRunner r = CliRunner.run(dir, "generate", "--tim-weights", broken.toString(), "--class", "1",
                "--latent-size", "2x2", "--device", "cpu", "--save-latent", out.toString());
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.contains("(2 problems)"), r.err);
        assertTrue(r.err.contains("missing key blocks.1.attn.qkv_d.weight"), r.err);
        assertTrue(r.err.contains("key final_layer.linear.weight has shape [96, 8], expected [8, 96]"), r.err);
        assertFalse(Files.exists(out));
    }

    @Test
    void seedGivesTheSameStochasticLatent() throws Exception {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        String[] common = {"generate", "--tim-weights", WEIGHTS, "--class", "207,88", "--latent-size", "4x4",
            "--steps", "4", "--cfg", "2", "--stochasticity", "0.3", "--seed", "42", "--device", "cpu"};
        CliRunner first = CliRunner.run(dir, concat(common, "--save-latent", a.toString()));
        assertEquals(0, first.exitCode, first.toString());
        assertEquals(0, CliRunner.run(dir, concat(common, "--save-latent", b.toString())).exitCode);
        try (SafetensorsFile fa = SafetensorsFile.open(a); SafetensorsFile fb = SafetensorsFile.open(b)) {
            assertArrayEquals(fa.readFloats("latent"), fb.readFloats("latent"));
            assertEquals("[42, 43]", fa.metadata().get("seeds"));
            assertEquals("seeded", fa.metadata().get("step_noise"));
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
