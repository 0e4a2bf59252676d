package io.github.nitfiji.sampling;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.model.tim.TimTransformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The estimate of the final latents that previews show (issue 25 item 5), offered the same way by
 * NiT's integrators and TiM's transition sampler: told only for the steps asked, before the step's
 * progress, and at the last step of a deterministic sampler equal to the final latent bit for bit.
 */
class PreviewEstimateTest {
    private static NitTransformer nit;
    private static TimTransformer tim;

    @BeforeAll
    static void load() throws Exception {
        nit = Golden.nit(Golden.NIT_WEIGHTS, DataType.FLOAT32);
        tim = TimGolden.model(DataType.FLOAT32, AttentionKind.FUSED);
    }

    @AfterAll
    static void close() {
        nit.close();
        tim.close();
    }

    /** Records the estimates asked for (steps in {@code asked}) and the order of the calls. */
    private static final class Recording implements SamplingProgress {
        final List<Integer> asked;
        final List<String> calls = new ArrayList<>();
        final List<float[]> estimates = new ArrayList<>();

        Recording(List<Integer> asked) {
            this.asked = asked;
        }

        @Override
        public void stepDone(int done, int total) {
            calls.add("step " + done);
        }

        @Override
        public boolean wantsEstimate(int done, int total) {
            return asked.contains(done);
        }

        @Override
        public void estimate(int done, int total, float[] x0) {
            calls.add("estimate " + done);
            estimates.add(x0);
        }
    }

    private static float[] nitSample(SamplerSettings settings, SamplingProgress progress) {
        LatentSize size = new LatentSize(3, 5);
        int tokens = 2 * size.tokens();
        float[] noise = gaussian(tokens * 32, 11);
        try (NDManager m = nit.newManager()) {
            NDArray x = m.create(noise, new Shape(tokens, 32));
            SdeNoise draws = settings.kind == SamplerKind.SDE
                    ? RequestNoise.steps(3, 2, size.tokens() * 32, null, settings.steps) : null;
            return new Sampler(nit).sample(Collections.nCopies(2, size), new int[] {207, 88}, x, draws, settings,
                    progress, () -> false).toFloatArray();
        }
    }

    @Test
    void nitOdeAndHeunEstimatesAtTheLastStepAreTheFinalLatentBitForBit() {
        for (SamplerKind kind : new SamplerKind[] {SamplerKind.ODE, SamplerKind.HEUN}) {
            SamplerSettings settings = new SamplerSettings(kind, 4, 2.5, 0, 0.7);
            Recording every = new Recording(List.of(1, 2, 3, 4));
            float[] out = nitSample(settings, every);
            assertEquals(4, every.estimates.size(), kind.id());
            assertArrayEquals(out, every.estimates.get(3), kind.id() + ": the last estimate is the result");
            assertFalse(java.util.Arrays.equals(out, every.estimates.get(0)), kind.id()
                    + ": an early estimate is an estimate, not the result");
            assertEquals(List.of("estimate 1", "step 1", "estimate 2", "step 2", "estimate 3", "step 3", "estimate 4",
                    "step 4"), every.calls);
            assertArrayEquals(out, nitSample(settings, SamplingProgress.NONE), kind.id()
                    + ": asking for estimates changes nothing");
        }
    }

    @Test
    void nitSdeEstimateIsTheCleanPredictionNotTheDriftStep() {
        SamplerSettings settings = new SamplerSettings(SamplerKind.SDE, 4, 1, 0, 1);
        Recording last = new Recording(List.of(4));
        float[] out = nitSample(settings, last);
        assertEquals(1, last.estimates.size());
        double err = Golden.relativeError(last.estimates.get(0), out);
        // the SDE's last step is a drift step, not x - t v: close to the result, not the same
        assertTrue(err > 0 && err < 0.5, "relative difference " + err);
    }

    @Test
    void onlyTheStepsAskedForAreEstimated() {
        Recording some = new Recording(List.of(2));
        nitSample(new SamplerSettings(SamplerKind.ODE, 4, 1, 0, 1), some);
        assertEquals(List.of("step 1", "estimate 2", "step 2", "step 3", "step 4"), some.calls);
    }

    @Test
    void timTransitionEstimateAtTheLastStepIsTheFinalLatentBitForBit() {
        LatentSize size = new LatentSize(2, 3);
        int channels = tim.config().inChannels;
        float[] noise = gaussian(2 * size.tokens() * channels, 5);
        TransitionSettings settings = new TransitionSettings(4, 2.0, 0, 1, TransitionMode.TRANSITION, 0);
        TransitionSampler sampler = new TransitionSampler(tim::forward, tim::newManager, channels,
                tim.config().nullClass());
        Recording every = new Recording(List.of(1, 2, 3, 4));
        float[] out = sampler.sample(size, new int[] {1, 3}, noise, null, settings, every, () -> false);
        assertEquals(4, every.estimates.size());
        assertArrayEquals(out, every.estimates.get(3), "the last estimate is the result");
        assertEquals("estimate 1", every.calls.get(0));
        assertArrayEquals(out, sampler.sample(size, new int[] {1, 3}, noise, null, settings, SamplingProgress.NONE,
                () -> false), "asking for estimates changes nothing");
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return v;
    }
}
