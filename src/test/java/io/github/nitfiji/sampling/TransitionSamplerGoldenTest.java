package io.github.nitfiji.sampling;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.tim.TimTransformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official TiM sampler cases (golden/tim): grid, guidance gate, modes, stochastic term. */
class TransitionSamplerGoldenTest {
    private static TimTransformer model;

    @BeforeAll
    static void load() throws Exception {
        model = TimGolden.model(DataType.FLOAT32, AttentionKind.FUSED);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyCaseMatchesEveryOfficialStateWithin1e4() {
        int checked = 0;
        for (JsonElement e : TimGolden.cases("sampler_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            TransitionSettings settings = settings(c);
            int values = values(c);
            float[] states = tokens(c, "smp." + name + ".states");
            List<double[]> seen = new ArrayList<>();
            float[] out = sampler(new ArrayList<>()).sample(size(c), TimGolden.ints(c.getAsJsonArray("y")),
                    noise(c), suppliedDraws(c), settings, SamplingProgress.NONE, () -> false,
                    (step, x) -> seen.add(x.clone()));
            assertEquals(settings.steps, seen.size());
            for (int k = 1; k <= settings.steps; k++) {
                float[] expected = Arrays.copyOfRange(states, k * values, (k + 1) * values);
                double err = Golden.relativeError(toFloats(seen.get(k - 1)), expected);
                assertTrue(err < 1e-4, name + " state " + k + " relative error " + err);
            }
            double err = Golden.relativeError(out, tokens(c, "smp." + name + ".out"));
            assertTrue(err < 1e-4, name + " relative error " + err);
            checked++;
        }
        assertEquals(4, checked);
    }

    @Test
    void gridAndModelCallsAreTheOfficialOnes() {
        for (JsonElement e : TimGolden.cases("sampler_cases")) {
            JsonObject c = e.getAsJsonObject();
            TransitionSettings settings = settings(c);
            assertArrayEquals(TimGolden.doubles(c.getAsJsonArray("t_steps_float64")), settings.timeGrid(), 0.0,
                    c.get("name").getAsString());
            List<double[]> calls = new ArrayList<>();
            sampler(calls).sample(size(c), TimGolden.ints(c.getAsJsonArray("y")), noise(c), suppliedDraws(c),
                    settings, SamplingProgress.NONE, () -> false);
            JsonArray expected = c.getAsJsonArray("model_calls");
            assertEquals(expected.size(), calls.size());
            int images = c.get("B").getAsInt();
            for (int i = 0; i < calls.size(); i++) {
                JsonObject call = expected.get(i).getAsJsonObject();
                assertEquals(call.get("t").getAsDouble(), calls.get(i)[0], 0.0);
                assertEquals(call.get("r_model").getAsDouble(), calls.get(i)[1], 0.0);
                assertEquals(call.get("batch").getAsInt(), (int) calls.get(i)[2]);
                assertEquals(call.get("cfg_applied").getAsBoolean(), calls.get(i)[2] == 2 * images);
            }
        }
    }

    @Test
    void oneGuidedStepIsOneUnguidedEvaluation() {
        JsonObject c = find("nocfg");
        List<double[]> calls = new ArrayList<>();
        TransitionSettings guided = new TransitionSettings(1, 4.0, 0, 1, TransitionMode.TRANSITION, 0);
        float[] out = sampler(calls).sample(size(c), TimGolden.ints(c.getAsJsonArray("y")), noise(c), null, guided,
                SamplingProgress.NONE, () -> false);
        assertEquals(1, calls.size());
        assertEquals(c.get("B").getAsInt(), (int) calls.get(0)[2]);
        assertTrue(Golden.relativeError(out, tokens(c, "smp.nocfg.out")) < 1e-4);
    }

    @Test
    void seededDrawsAreTakenOnlyOnStochasticSteps() {
        JsonObject c = find("stochastic");
        int values = values(c);
        int[] classes = TimGolden.ints(c.getAsJsonArray("y"));
        TransitionSettings settings = settings(c);
        long[] seeds = {5, 6};
        int[] perImage = {values / 2, values / 2};
        float[] seeded = sampler(new ArrayList<>()).sample(size(c), classes, noise(c),
                new SeededSdeNoise(seeds, perImage), settings, SamplingProgress.NONE, () -> false);
        // the same stream laid out as supplied draws: blocks only for steps 1..4 (t < 1, r > 0)
        SeededSdeNoise stream = new SeededSdeNoise(seeds, perImage);
        float[] laidOut = new float[settings.steps * values];
        for (int step = 1; step <= 4; step++) {
            System.arraycopy(stream.draw(step), 0, laidOut, step * values, values);
        }
        float[] supplied = sampler(new ArrayList<>()).sample(size(c), classes, noise(c),
                new SuppliedSdeNoise(laidOut, values), settings, SamplingProgress.NONE, () -> false);
        assertArrayEquals(supplied, seeded);
        assertTrue(Golden.relativeError(seeded, tokens(c, "smp.stochastic.out")) > 1e-2, "other draws, other image");
    }

    @Test
    void cancellationStopsBeforeTheNextStep() {
        JsonObject c = find("cfg_interval");
        List<double[]> calls = new ArrayList<>();
        int[] polls = {0};
        assertThrows(CancellationException.class, () -> sampler(calls).sample(size(c),
                TimGolden.ints(c.getAsJsonArray("y")), noise(c), null, settings(c), SamplingProgress.NONE,
                () -> ++polls[0] > 2));
        assertEquals(2, calls.size());
    }

    /** The real model, recording (t, r, batch) of every evaluation. */
    private static TransitionSampler sampler(List<double[]> calls) {
        return new TransitionSampler((x, size, t, r, classes) -> {
            calls.add(new double[] {t[0], r[0], classes.length});
            return model.forward(x, size, t, r, classes);
        }, model::newManager, model.config().inChannels, model.config().nullClass());
    }

    static TransitionSettings settings(JsonObject c) {
        return new TransitionSettings(c.get("num_steps").getAsInt(), c.get("cfg_scale").getAsDouble(),
                c.get("cfg_low").getAsDouble(), c.get("cfg_high").getAsDouble(),
                TransitionMode.parse(c.get("sample_type").getAsString()), c.get("stochasticity_ratio").getAsDouble());
    }

    private static JsonObject find(String name) {
        for (JsonElement e : TimGolden.cases("sampler_cases")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no sampler case " + name);
    }

    private static LatentSize size(JsonObject c) {
        return new LatentSize(c.get("h").getAsInt(), c.get("w").getAsInt());
    }

    private static int values(JsonObject c) {
        return c.get("B").getAsInt() * c.get("h").getAsInt() * c.get("w").getAsInt() * model.config().inChannels;
    }

    private static float[] tokens(JsonObject c, String tensor) {
        return TimGolden.toTokens(TimGolden.tensor(tensor), model.config().inChannels, c.get("h").getAsInt(),
                c.get("w").getAsInt());
    }

    private static float[] noise(JsonObject c) {
        return tokens(c, "smp." + c.get("name").getAsString() + ".noise");
    }

    /** The recorded draws as [steps, B*h*w*C] (official [steps, B, C, h, w]), or null without any. */
    private static SdeNoise suppliedDraws(JsonObject c) {
        String name = c.get("name").getAsString();
        if (c.get("stochasticity_ratio").getAsDouble() == 0) {
            return null;
        }
        return new SuppliedSdeNoise(tokens(c, "smp." + name + ".xi"), values(c));
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
