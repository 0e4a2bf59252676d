package io.github.nitfiji.sampling;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.Golden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.NitTransformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Image-to-image sampling against an independent computation from the reference formulas: the
 * flow path x_s = (1 - s) x0 + s noise, the re-spaced grid linspace(s, 0, ceil(s steps) + 1), Euler
 * steps x += (t_next - t) v in float64 on the host with CFG v = v_u + w (v_c - v_u) inside the
 * guidance interval, and kept tokens reset to (1 - t) x0 + t noise after every step. Only the
 * velocity comes from the (golden-tested) transformer.
 */
class StartTimeGoldenTest {
    private static final LatentSize SIZE = new LatentSize(3, 5);
    private static final int[] CLASSES = {207, 88};
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
    void shortenedGridsFollowTheStatedRule() {
        SamplerSettings ode = new SamplerSettings(SamplerKind.ODE, 10, 1, 0, 1);
        assertEquals(6, ode.stepsFrom(0.6), "0.6 x 10 is 6 steps although it is 6.000000000000001 in binary");
        assertEquals(1, ode.stepsFrom(0.01));
        assertEquals(0, ode.stepsFrom(0));
        assertEquals(10, ode.stepsFrom(1));
        assertEquals(4, new SamplerSettings(SamplerKind.ODE, 10, 1, 0, 1).stepsFrom(0.35));
        double[] grid = ode.timeGrid(0.6);
        for (int k = 0; k <= 6; k++) {
            assertEquals(0.6 - k * 0.1, grid[k], 1e-15, "t_" + k);
        }
        assertEquals(0.0, grid[6]);
        assertArrayEquals(ode.timeGrid(), ode.timeGrid(1.0), "strength 1 is the full grid");

        SamplerSettings sde = new SamplerSettings(SamplerKind.SDE, 8, 1, 0, 1);
        double[] g = sde.timeGrid(0.5);
        assertEquals(5, g.length, "ceil(0.5 x 8) = 4 steps");
        for (int k = 0; k < 4; k++) {
            assertEquals(0.5 + k * (0.04 - 0.5) / 3, g[k], 1e-15);
        }
        assertEquals(0.0, g[4]);
        assertArrayEquals(new double[] {0.03, 0.0}, sde.timeGrid(0.03), "below 0.04 the SDE takes its plain last step");

        for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ode.stepsFrom(bad));
            assertTrue(e.getMessage().contains("outside 0..1"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ode.timeGrid(0.0));
    }

    @Test
    void odeFromASourceMatchesTheReferenceFormulas() {
        check(new SamplerSettings(SamplerKind.ODE, 8, 2.5, 0.0, 0.4), 0.55, null);
    }

    @Test
    void keptTokensFollowTheSourcePathAndEndOnIt() {
        boolean[] keep = new boolean[2 * SIZE.tokens()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = i % 3 != 0;
        }
        float[] out = check(new SamplerSettings(SamplerKind.ODE, 8, 2.5, 0.0, 0.7), 0.7, keep);
        float[] x0 = source();
        for (int token = 0; token < keep.length; token++) {
            for (int c = 0; c < 32; c++) {
                int k = token * 32 + c;
                if (keep[token]) {
                    assertEquals(x0[k], out[k], "kept token " + token + " ends exactly on the source");
                } else {
                    assertNotEquals(x0[k], out[k], "regenerated token " + token);
                }
            }
        }
    }

    private static float[] source() {
        float[] x0 = new float[2 * SIZE.tokens() * 32];
        new SeededNoise(99, 7).fill(x0, 0, x0.length);
        for (int i = 0; i < x0.length; i++) {
            x0[i] = 0.8f * x0[i] + 0.1f;
        }
        return x0;
    }

    private static float[] check(SamplerSettings settings, double s, boolean[] keep) {
        float[] noise = Golden.tensor("nit_tiny_cases.safetensors", "smp.ode_cfg.noise");
        float[] x0 = source();
        List<LatentSize> sizes = Collections.nCopies(2, SIZE);
        float[] ours;
        double[] reference;
        try (NDManager m = model.newManager()) {
            Shape shape = new Shape(noise.length / 32, 32);
            List<Integer> steps = new ArrayList<>();
            ours = new Sampler(model).sample(sizes, CLASSES, m.create(noise, shape),
                    SamplingStart.fromSource(s, m.create(x0, shape), keep), null, settings,
                    (done, total) -> steps.add(total), () -> false).toFloatArray();
            int n = (int) Math.ceil(s * settings.steps - 1e-9);
            assertEquals(n, steps.size());
            assertEquals(n, steps.get(0), "progress counts the steps that run");
            reference = reference(settings, s, n, noise, x0, keep, shape, m);
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < ours.length; i++) {
            num += (ours[i] - reference[i]) * (ours[i] - reference[i]);
            den += reference[i] * reference[i];
        }
        double err = Math.sqrt(num / den);
        assertTrue(err < 1e-5, "relative error " + err);
        return ours;
    }

    private static double[] reference(SamplerSettings settings, double s, int n, float[] noise, float[] x0,
                                      boolean[] keep, Shape shape, NDManager m) {
        double[] x = new double[noise.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (1 - s) * x0[i] + s * noise[i];
        }
        List<LatentSize> sizes = Collections.nCopies(2, SIZE);
        List<LatentSize> doubled = new ArrayList<>(sizes);
        doubled.addAll(sizes);
        for (int k = 0; k < n; k++) {
            double t = s - k * s / n;
            double next = k == n - 1 ? 0 : s - (k + 1) * s / n;
            boolean guided = settings.cfgScale > 1 && settings.guidanceLow <= t && t <= settings.guidanceHigh;
            float[] xf = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                xf[i] = (float) x[i];
            }
            float[] v;
            if (guided) {
                float[] both = new float[2 * xf.length];
                System.arraycopy(xf, 0, both, 0, xf.length);
                System.arraycopy(xf, 0, both, xf.length, xf.length);
                float[] out = model.forward(m.create(both, new Shape(2 * shape.get(0), 32)), doubled,
                        new double[] {t, t, t, t}, new int[] {CLASSES[0], CLASSES[1], 1000, 1000}).toFloatArray();
                v = new float[xf.length];
                for (int i = 0; i < v.length; i++) {
                    double u = out[xf.length + i];
                    v[i] = (float) (u + settings.cfgScale * (out[i] - u));
                }
            } else {
                NDArray vc = model.forward(m.create(xf, shape), sizes, new double[] {t, t}, CLASSES);
                v = vc.toFloatArray();
            }
            for (int i = 0; i < x.length; i++) {
                x[i] += (next - t) * v[i];
                if (keep != null && keep[i / 32]) {
                    x[i] = (1 - next) * x0[i] + next * noise[i];
                }
            }
        }
        return x;
    }
}
