package io.github.nitfiji.sampling;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.gemma.GemmaTextEncoder;
import io.github.nitfiji.model.gemma.GemmaTokenizer;
import io.github.nitfiji.model.tim.CaptionContext;
import io.github.nitfiji.model.tim.T2iGolden;
import io.github.nitfiji.model.tim.TimT2iTransformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official TiM-T2I sampler cases end to end: prompt text -> tokenizer -> tiny Gemma (FA2 pad
 * semantics, null caption) -> caption keys/values once -> transition sampler, every state within
 * 1e-4 of the official run (golden/tim_t2i smp.*).
 */
class TextTransitionSamplerGoldenTest {
    /** The goldens' TiM call uses max_length 16. */
    private static final int MAX_TOKENS = 16;
    private static TimT2iTransformer model;
    private static GemmaTextEncoder encoder;
    private static GemmaTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        model = T2iGolden.model(DataType.FLOAT32, AttentionKind.FUSED);
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden("tim_t2i/gemma_tiny.safetensors"))) {
            encoder = GemmaTextEncoder.load(GemmaConfig.fromWeights(f), new SafetensorsWeights(f), Device.cpu(),
                    DataType.FLOAT32);
        }
        tokenizer = GemmaTokenizer.open(TestFiles.golden("tim_t2i/tokenizer.json"));
    }

    @AfterAll
    static void close() {
        model.close();
        encoder.close();
        tokenizer.close();
    }

    @Test
    void everyCaseFromPromptTextMatchesEveryOfficialState() {
        int checked = 0;
        for (JsonElement e : T2iGolden.cases("sampler_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            int images = c.get("B").getAsInt();
            int length = c.get("L").getAsInt();
            LatentSize size = new LatentSize(c.get("h").getAsInt(), c.get("w").getAsInt());
            int channels = model.config().inChannels;
            List<int[]> ids = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                int[] prompt = tokenizer.encode(c.getAsJsonArray("prompts").get(i).getAsString(), MAX_TOKENS).ids();
                int[] official = TimGolden.ints(c.getAsJsonArray("ids").get(i).getAsJsonArray());
                assertArrayEquals(Arrays.copyOf(official, prompt.length), prompt, name + " prompt " + i);
                ids.add(prompt);
            }
            ids.add(tokenizer.encode("", MAX_TOKENS).ids());
            int values = images * size.tokens() * channels;
            float[] noise = TimGolden.toTokens(T2iGolden.tensor("smp." + name + ".noise"), channels, size.height,
                    size.width);
            float[] states = TimGolden.toTokens(T2iGolden.tensor("smp." + name + ".states"), channels, size.height,
                    size.width);
            List<double[]> seen = new ArrayList<>();
            float[] out;
            try (NDManager m = model.newManager()) {
                NDArray captions = encoder.captions(ids, length, m);
                float[] all = captions.toFloatArray();
                int perCaption = all.length / (images + 1);
                assertClose(name + " y", Arrays.copyOf(all, images * perCaption), "smp." + name + ".y", 1e-5);
                float[] yNull = T2iGolden.tensor("smp." + name + ".y_null");
                assertClose(name + " y_null", Arrays.copyOfRange(all, images * perCaption, all.length),
                        Arrays.copyOf(yNull, perCaption), 1e-5);
                try (CaptionContext context = model.prepare(captions)) {
                    out = new TextTransitionSampler((x, s, t, r, rows) -> model.forward(x, s, t, r, context, rows),
                            model::newManager, model.config().inChannels).sample(size, images, noise, null,
                            settings(c), SamplingProgress.NONE, () -> false, (step, x) -> seen.add(x.clone()));
                }
            }
            int steps = c.get("num_steps").getAsInt();
            assertEquals(steps, seen.size());
            for (int k = 1; k <= steps; k++) {
                float[] expected = Arrays.copyOfRange(states, k * values, (k + 1) * values);
                assertClose(name + " state " + k, toFloats(seen.get(k - 1)), expected, 1e-4);
            }
            float[] expected = TimGolden.toTokens(T2iGolden.tensor("smp." + name + ".out"), channels, size.height,
                    size.width);
            assertClose(name + " out", out, expected, 1e-4);
            checked++;
        }
        assertEquals(3, checked);
    }

    private static TransitionSettings settings(JsonObject c) {
        return new TransitionSettings(c.get("num_steps").getAsInt(), c.get("cfg_scale").getAsDouble(),
                c.get("cfg_low").getAsDouble(), c.get("cfg_high").getAsDouble(),
                TransitionMode.parse(c.get("sample_type").getAsString()), c.get("stochasticity_ratio").getAsDouble());
    }

    private static float[] toFloats(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    private static void assertClose(String what, float[] actual, String golden, double tolerance) {
        assertClose(what, actual, T2iGolden.tensor(golden), tolerance);
    }

    private static void assertClose(String what, float[] actual, float[] expected, double tolerance) {
        double error = Golden.relativeError(actual, expected);
        assertTrue(error <= tolerance, what + ": relative error " + error + " > " + tolerance);
    }
}
