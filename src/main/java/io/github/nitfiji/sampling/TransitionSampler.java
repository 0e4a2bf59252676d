package io.github.nitfiji.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.LatentSize;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * TiM's transition sampler ({@code TransitionSchedule.sample} of the official code): from noise at
 * t = 1 along the uniform float64 grid to t = 0, each step x_next = x - (t - next) F with the
 * network's transition F towards r (next, or t in DDIFFUSION mode), optionally plus the stochastic
 * term -s eps (t - next) + sqrt(2 s t (t - next)) xi with eps = x + (1 - t) F, on steps with
 * t < 1 and r > 0.
 *
 * <p>Guidance runs the conditional and the null-class branch as one batch and combines
 * F = F_u + w (F_c - F_u), only on steps with low < t < high. The state is kept in float64 on the
 * host, as the official sampler keeps it: a latent is a few thousand values, and the network
 * sees it in float32.
 */
public final class TransitionSampler {
    /** One network evaluation: F for images of one size at times t with targets r. */
    @FunctionalInterface
    public interface Network {
        NDArray transition(NDArray x, LatentSize size, double[] t, double[] r, int[] classes);
    }

    /** Told each state after a step (index 1..steps), for checks against the official states. */
    @FunctionalInterface
    interface States {
        States NONE = (step, x) -> { };

        void after(int step, double[] x);
    }

    private final Network network;
    private final Supplier<NDManager> managers;
    private final int channels;
    private final int nullClass;

    /**
     * @param managers a new manager on the network's device for each evaluation's arrays
     * @param nullClass the class (or caption row) guidance runs against
     */
    public TransitionSampler(Network network, Supplier<NDManager> managers, int channels, int nullClass) {
        this.network = network;
        this.managers = managers;
        this.channels = channels;
        this.nullClass = nullClass;
    }

    /**
     * @param classes class of each image (or the null class)
     * @param noise initial latents [B*h*w*channels], images concatenated, tokens row-major
     * @param draws the stochastic term's draws, one block of B*h*w*channels values per step that
     *     uses it (asked with the step's index); may be null when stochasticity is 0
     * @param cancelled polled before every step; when true the run stops with {@link CancellationException}
     * @return the final latents, same layout as {@code noise}
     */
    public float[] sample(LatentSize size, int[] classes, float[] noise, SdeNoise draws, TransitionSettings settings,
                          SamplingProgress progress, BooleanSupplier cancelled) {
        return sample(size, classes, noise, draws, settings, progress, cancelled, States.NONE);
    }

    float[] sample(LatentSize size, int[] classes, float[] noise, SdeNoise draws, TransitionSettings settings,
                   SamplingProgress progress, BooleanSupplier cancelled, States states) {
        int images = classes.length;
        int values = images * size.tokens() * channels;
        if (noise.length != values) {
            throw new IllegalArgumentException("noise holds " + noise.length + " values; " + images
                    + " image(s) of latent " + size + " with " + channels + " channels need " + values);
        }
        if (settings.stochasticity > 0 && draws == null) {
            throw new IllegalArgumentException("a stochastic TiM sample needs a source of per-step noise");
        }
        int[] guidedClasses = Arrays.copyOf(classes, 2 * images);
        Arrays.fill(guidedClasses, images, 2 * images, nullClass);
        double[] grid = settings.timeGrid();
        double[] x = new double[values];
        for (int i = 0; i < values; i++) {
            x[i] = noise[i];
        }
        for (int k = 0; k < settings.steps; k++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("sampling cancelled before step " + (k + 1) + " of " + settings.steps);
            }
            double t = grid[k];
            double next = grid[k + 1];
            double r = settings.targetTime(t, next);
            boolean guided = settings.guidedAt(t);
            double[] f = transition(x, size, t, r, guided ? guidedClasses : classes, guided ? settings.cfgScale : 0);
            double dt = t - next;
            float[] estimate = progress.wantsEstimate(k + 1, settings.steps) ? estimate(x, f, t) : null;
            if (settings.stochasticAt(t, r)) {
                float[] xi = draws.draw(k);
                if (xi.length != values) {
                    throw new IllegalArgumentException("stochastic draw of step " + (k + 1) + " holds " + xi.length
                            + " values, expected " + values);
                }
                double s = settings.stochasticity;
                double spread = Math.sqrt(2 * s * t * dt);
                for (int i = 0; i < values; i++) {
                    double predictedNoise = x[i] + (1 - t) * f[i];
                    x[i] = x[i] - dt * f[i] - s * predictedNoise * dt + spread * xi[i];
                }
            } else {
                for (int i = 0; i < values; i++) {
                    x[i] -= dt * f[i];
                }
            }
            states.after(k + 1, x);
            if (estimate != null) {
                progress.estimate(k + 1, settings.steps, estimate);
            }
            progress.stepDone(k + 1, settings.steps);
        }
        float[] out = new float[values];
        for (int i = 0; i < values; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    /**
     * The clean latents the step's transition points to, x0 = x - t F (a full step to r = 0; with
     * x_t = (1 - t) x0 + t eps and eps = x + (1 - t) F, as the stochastic term uses). The last
     * step, whose target is 0, takes exactly this step, so there it is the final latent.
     */
    private static float[] estimate(double[] x, double[] f, double t) {
        float[] x0 = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x0[i] = (float) (x[i] - t * f[i]);
        }
        return x0;
    }

    /** F at (t, r) for every image; with a guidance scale the batch is doubled with the null class. */
    private double[] transition(double[] x, LatentSize size, double t, double r, int[] classes, double cfgScale) {
        int batches = cfgScale > 0 ? 2 : 1;
        int values = x.length;
        float[] input = new float[batches * values];
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < values; i++) {
                input[b * values + i] = (float) x[i];
            }
        }
        double[] ts = new double[classes.length];
        double[] rs = new double[classes.length];
        Arrays.fill(ts, t);
        Arrays.fill(rs, r);
        float[] out;
        try (NDManager call = managers.get()) {
            NDArray in = call.create(input, new Shape(input.length / channels, channels));
            out = network.transition(in, size, ts, rs, classes).toFloatArray();
        }
        double[] f = new double[values];
        for (int i = 0; i < values; i++) {
            f[i] = cfgScale > 0 ? out[values + i] + cfgScale * ((double) out[i] - out[values + i]) : out[i];
        }
        return f;
    }
}
