package io.github.nitfiji.sampling;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.Golden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.NitTransformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The four official sampler cases: Euler ODE with and without CFG, Heun, and the SDE with recorded draws. */
class SamplerGoldenTest {
    private static final String CASES = "nit_tiny_cases.safetensors";
    private static NitTransformer model;

    @BeforeAll
    static void load() throws Exception {
        model = Golden.nit(Golden.NIT_WEIGHTS, DataType.FLOAT32);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everySamplerCaseMatchesWithin1e4() {
        int checked = 0;
        for (JsonElement e : Golden.index().getAsJsonArray("sampler_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            float[] out = sample(c, new AtomicInteger());
            double err = Golden.relativeError(out, Golden.tensor(CASES, "smp." + name + ".out"));
            assertTrue(err < 1e-4, name + " relative error " + err);
            checked++;
        }
        assertEquals(4, checked);
    }

    @Test
    void progressIsReportedPerStep() {
        JsonObject c = Golden.index().getAsJsonArray("sampler_cases").get(0).getAsJsonObject();
        AtomicInteger steps = new AtomicInteger();
        sample(c, steps);
        assertEquals(c.get("num_steps").getAsInt(), steps.get());
    }

    @Test
    void cancellationStopsWithinAStepAndFreesEverything() {
        try (NDManager m = model.newManager()) {
            float[] noise = Golden.tensor(CASES, "smp.ode_cfg.noise");
            NDArray x = m.create(noise, new Shape(noise.length / 32, 32));
            AtomicInteger done = new AtomicInteger();
            SamplerSettings s = new SamplerSettings(SamplerKind.ODE, 8, 2.5, 0, 0.7);
            assertThrows(CancellationException.class, () -> new Sampler(model).sample(
                    Collections.nCopies(2, new LatentSize(3, 5)), new int[] {207, 88}, x, null, s,
                    (d, t) -> done.set(d), () -> done.get() >= 3));
            assertEquals(3, done.get());
            assertEquals(1, m.getManagedArrays().size(), "only the caller's noise is left");
        }
    }

    static float[] sample(JsonObject c, AtomicInteger progress) {
        String name = c.get("name").getAsString();
        JsonArray hw = c.getAsJsonArray("hw");
        LatentSize size = new LatentSize(hw.get(0).getAsInt(), hw.get(1).getAsInt());
        JsonArray ys = c.getAsJsonArray("y");
        int[] classes = new int[ys.size()];
        List<LatentSize> sizes = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            classes[i] = ys.get(i).getAsInt();
            sizes.add(size);
        }
        boolean sde = c.get("sampler").getAsString().contains("maruyama");
        SamplerKind kind = sde ? SamplerKind.SDE : c.get("heun").getAsBoolean() ? SamplerKind.HEUN : SamplerKind.ODE;
        SamplerSettings settings = new SamplerSettings(kind, c.get("num_steps").getAsInt(),
                c.get("cfg_scale").getAsDouble(), c.get("guidance_low").getAsDouble(), c.get("guidance_high").getAsDouble());
        float[] noise = Golden.tensor(CASES, "smp." + name + ".noise");
        SdeNoise draws = sde ? new SuppliedSdeNoise(Golden.tensor(CASES, "smp." + name + ".sde_draws"), noise.length) : null;
        try (NDManager m = model.newManager()) {
            NDArray x = m.create(noise, new Shape(noise.length / 32, 32));
            return new Sampler(model).sample(sizes, classes, x, draws, settings,
                    (done, total) -> progress.set(done), () -> false).toFloatArray();
        }
    }
}
