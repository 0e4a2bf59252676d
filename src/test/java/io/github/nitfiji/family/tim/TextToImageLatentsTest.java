package io.github.nitfiji.family.tim;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.tim.T2iGolden;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From prompt text and the released file formats (TiM-T2I as a torch.save .bin with a separate
 * config, Gemma safetensors, tokenizer.json) to the official latents (golden smp.* cases, the
 * two-prompt case batched and padded as the official sampler does).
 */
class TextToImageLatentsTest {
    @TempDir
    Path dir;

    @Test
    void officialSamplerCasesFromTheBinCheckpoint() throws Exception {
        TextToImageFiles files = files();
        TextToImageLatents run = new TextToImageLatents(Device.cpu(), DataType.FLOAT32, AttentionKind.FUSED,
                Long.MAX_VALUE, message -> { });
        int checked = 0;
        for (JsonElement e : T2iGolden.cases("sampler_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            LatentSize size = new LatentSize(c.get("h").getAsInt(), c.get("w").getAsInt());
            List<String> prompts = new ArrayList<>();
            c.getAsJsonArray("prompts").forEach(p -> prompts.add(p.getAsString()));
            int channels = 8;
            float[] noise = TimGolden.toTokens(T2iGolden.tensor("smp." + name + ".noise"), channels, size.height,
                    size.width);
            TransitionSettings settings = new TransitionSettings(c.get("num_steps").getAsInt(),
                    c.get("cfg_scale").getAsDouble(), c.get("cfg_low").getAsDouble(), c.get("cfg_high").getAsDouble(),
                    TransitionMode.parse(c.get("sample_type").getAsString()), 0);
            float[] out = run.generate(files, prompts, true, size, settings, values -> noise, SamplingProgress.NONE,
                    () -> false);
            float[] expected = TimGolden.toTokens(T2iGolden.tensor("smp." + name + ".out"), channels, size.height,
                    size.width);
            double error = Golden.relativeError(out, expected);
            assertTrue(error < 1e-4, name + " relative error " + error);
            checked++;
        }
        assertEquals(3, checked);
    }

    @Test
    void aGemmaFileWithoutConfigAsksForOne() throws Exception {
        Path bare = dir.resolve("model.safetensors");
        new io.github.nitfiji.io.SafetensorsWriter().put("x", new long[] {1}, new float[] {1}).write(bare);
        TextToImageFiles files = new TextToImageFiles(files().timWeights, files().timConfig, bare, null,
                TestFiles.golden("tim_t2i/tokenizer.json"));
        TextToImageLatents run = new TextToImageLatents(Device.cpu(), DataType.FLOAT32, AttentionKind.FUSED,
                Long.MAX_VALUE, message -> { });
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> run.generate(files, List.of("a"),
                false, new LatentSize(2, 2), new TransitionSettings(1, 1, 0, 1, TransitionMode.TRANSITION, 0),
                values -> new float[values], SamplingProgress.NONE, () -> false));
        assertTrue(e.getMessage().contains("--text-encoder-config"), e.getMessage());
    }

    /** Issue 24 minor: a 10,000-character prompt is quoted in the truncation note, not echoed whole. */
    @Test
    void theTruncationNoteQuotesALongPromptShortened() throws Exception {
        List<String> log = new ArrayList<>();
        TextToImageLatents run = new TextToImageLatents(Device.cpu(), DataType.FLOAT32, AttentionKind.FUSED,
                1000, log::add);
        String prompt = "a very long prompt \u001b[2J ".repeat(500).substring(0, 10_000);
        assertThrows(MemoryPlan.MemoryBudgetException.class, () -> run.generate(files(), List.of(prompt), false,
                new LatentSize(2, 2), new TransitionSettings(1, 1, 0, 1, TransitionMode.TRANSITION, 0),
                values -> new float[values], SamplingProgress.NONE, () -> false));
        String note = log.stream().filter(m -> m.startsWith("prompt cut to")).findFirst().orElseThrow();
        assertTrue(note.length() < 300 && note.contains("(10000 characters)"), note);
        assertFalse(note.chars().anyMatch(c -> c < 0x20), note);
    }

    @Test
    void aRequestOverTheBudgetIsRefusedBeforeLoading() throws Exception {
        TextToImageLatents run = new TextToImageLatents(Device.cpu(), DataType.FLOAT32, AttentionKind.FUSED,
                1000, message -> { });
        MemoryPlan.MemoryBudgetException e = assertThrows(MemoryPlan.MemoryBudgetException.class,
                () -> run.generate(files(), List.of("a cat"), false, new LatentSize(2, 2),
                        new TransitionSettings(1, 1, 0, 1, TransitionMode.TRANSITION, 0), values -> new float[values],
                        SamplingProgress.NONE, () -> false));
        assertTrue(e.getMessage().contains("above the budget"), e.getMessage());
    }

    private TextToImageFiles files() throws Exception {
        Path config = dir.resolve("tim_config.json");
        Files.write(config, T2iGolden.index().getAsJsonObject("config").toString().getBytes(StandardCharsets.UTF_8));
        return new TextToImageFiles(TestFiles.golden("tim_t2i/tim_t2i_tiny.bin"), config,
                TestFiles.golden("tim_t2i/gemma_tiny.safetensors"), null, TestFiles.golden("tim_t2i/tokenizer.json"));
    }
}
