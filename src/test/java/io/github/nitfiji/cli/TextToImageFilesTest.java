package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.tim.T2iGolden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --text-encoder ...} in process, through {@link Main#run}: the official sampler
 * cases from prompt text and the released file formats to the saved latent (repeated --prompt
 * flags form one padded batch), and command-line errors that write nothing.
 */
class TextToImageFilesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void officialCasesThroughTheCommandLine() throws Exception {
        Path config = dir.resolve("tim_config.json");
        Files.write(config, T2iGolden.index().getAsJsonObject("config").toString().getBytes(StandardCharsets.UTF_8));
        int checked = 0;
        for (JsonElement e : T2iGolden.cases("sampler_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            int h = c.get("h").getAsInt();
            int w = c.get("w").getAsInt();
            float[] noise = TimGolden.toTokens(T2iGolden.tensor("smp." + name + ".noise"), 8, h, w);
            Path noiseFile = dir.resolve(name + "_noise.safetensors");
            new SafetensorsWriter().put("noise", new long[] {noise.length / 8, 8}, noise).write(noiseFile);
            Path latent = dir.resolve(name + "_latent.safetensors");
            List<String> args = new ArrayList<>(List.of("generate",
                    "--tim-weights", TestFiles.golden("tim_t2i/tim_t2i_tiny.bin").toString(),
                    "--tim-config", config.toString(),
                    "--text-encoder", TestFiles.golden("tim_t2i/gemma_tiny.safetensors").toString(),
                    "--tokenizer", TestFiles.golden("tim_t2i/tokenizer.json").toString(),
                    "--latent-size", h + "x" + w, "--steps", c.get("num_steps").getAsString(),
                    "--cfg", c.get("cfg_scale").getAsString(),
                    "--guidance-interval", c.get("cfg_low").getAsString() + "," + c.get("cfg_high").getAsString(),
                    "--tim-mode", c.get("sample_type").getAsString(), "--noise", noiseFile.toString(),
                    "--device", "cpu", "--precision", "fp32", "--save-latent", latent.toString()));
            JsonArray prompts = c.getAsJsonArray("prompts");
            for (JsonElement p : prompts) {
                args.add("--prompt");
                args.add(p.getAsString());
            }
            assertEquals(0, run(args.toArray(new String[0])), err.toString(StandardCharsets.UTF_8));
            try (SafetensorsFile f = SafetensorsFile.open(latent)) {
                float[] expected = TimGolden.toTokens(T2iGolden.tensor("smp." + name + ".out"), 8, h, w);
                double error = Golden.relativeError(f.readFloats("latent"), expected);
                assertTrue(error < 1e-4, name + " relative error " + error);
                assertEquals(String.join("\n", toList(prompts)), f.metadata().get("prompts"));
            }
            checked++;
        }
        assertEquals(3, checked);
    }

    @Test
    void missingFilesAndBadSettingsWriteNothing() throws Exception {
        Path latent = dir.resolve("latent.safetensors");
        String[] noTokenizer = {"generate", "--tim-weights", "x.bin", "--text-encoder", "g.safetensors",
            "--prompt", "a cat", "--latent-size", "2x2", "--save-latent", latent.toString()};
        assertEquals(2, run(noTokenizer));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--tokenizer"), err.toString(StandardCharsets.UTF_8));
        String[] missing = {"generate", "--tim-weights", dir.resolve("none.bin").toString(),
            "--text-encoder", TestFiles.golden("tim_t2i/gemma_tiny.safetensors").toString(),
            "--tokenizer", TestFiles.golden("tim_t2i/tokenizer.json").toString(),
            "--prompt", "a cat", "--latent-size", "2x2", "--seed", "1", "--save-latent", latent.toString()};
        assertEquals(2, run(missing), "a file that is not there is a bad command line, as for every model family");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--tim-weights " + dir.resolve("none.bin")
                + ": no such file"), err.toString(StandardCharsets.UTF_8));
        String[] badCfg = {"generate", "--tim-weights", "x.bin", "--text-encoder", "g.safetensors",
            "--tokenizer", "t.json", "--prompt", "a", "--latent-size", "2x2", "--cfg", "0.5",
            "--save-latent", latent.toString()};
        assertEquals(2, run(badCfg));
        String[] badAttention = {"generate", "--tim-weights", "x.bin", "--text-encoder", "g.safetensors",
            "--tokenizer", "t.json", "--prompt", "a", "--latent-size", "2x2", "--attention", "flash",
            "--save-latent", latent.toString()};
        assertEquals(2, run(badAttention));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--attention 'flash' is unknown; use auto, eager or fused"),
                err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(latent));
    }

    private static List<String> toList(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
