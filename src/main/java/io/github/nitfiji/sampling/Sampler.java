package io.github.nitfiji.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.FlowNetwork;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.Scoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Integrates NiT's velocity field from noise (t = 1) to data (t = 0), as the official
 * {@code euler_sampler} and {@code euler_maruyama_sampler} do, or from a noised source image at
 * t = s (image-to-image, {@link SamplingStart}).
 *
 * <p>Classifier-free guidance runs the conditional and unconditional branches as one batch of
 * 2B images (null class for the second half) and combines v = v_u + s (v_c - v_u), on steps whose
 * starting t lies in the guidance interval; other steps run the conditional branch alone. All
 * per-step conditioning and scalars are made once before the loop, so the loop copies nothing
 * from the host except the SDE's noise draws.
 */
public final class Sampler {
    private final FlowNetwork model;

    public Sampler(FlowNetwork model) {
        this.model = model;
    }

    /**
     * @param sizes latent size of each image
     * @param classes class of each image (0..num_classes-1, or the null class)
     * @param noise float32 initial noise [N, channels], images concatenated, on the model's device
     * @param sdeNoise per-step draws for the SDE sampler (ignored by ODE and Heun)
     * @param cancelled polled before every step; when true the run stops with
     *     {@link CancellationException} and everything it made is freed
     * @return the final latent [N, channels] float32, owned by {@code noise}'s manager
     */
    public NDArray sample(List<LatentSize> sizes, int[] classes, NDArray noise, SdeNoise sdeNoise,
                          SamplerSettings settings, SamplingProgress progress, BooleanSupplier cancelled) {
        return sample(sizes, classes, noise, SamplingStart.NOISE, sdeNoise, settings, progress, cancelled);
    }

    /**
     * Integrates from {@code start.time} down to 0 over the grid {@link SamplerSettings#timeGrid(double)}:
     * the state begins at x_s = (1 - s) x0 + s noise (noise itself at s = 1, so text-to-image is
     * unchanged), and tokens the start keeps are reset to (1 - t) x0 + t noise after every step.
     * Progress counts the steps that run.
     *
     * @param start where to begin; its time must be above 0 (at 0 there is nothing to sample)
     */
    public NDArray sample(List<LatentSize> sizes, int[] classes, NDArray noise, SamplingStart start,
                          SdeNoise sdeNoise, SamplerSettings settings, SamplingProgress progress,
                          BooleanSupplier cancelled) {
        if (sizes.size() != classes.length) {
            throw new IllegalArgumentException(sizes.size() + " latent sizes but " + classes.length + " classes");
        }
        double[] grid = settings.timeGrid(start.time);
        int steps = grid.length - 1;
        if (settings.kind == SamplerKind.SDE && steps > 1 && sdeNoise == null) {
            throw new IllegalArgumentException("the SDE sampler needs a source of per-step noise");
        }
        if (start.source != null && !start.source.getShape().equals(noise.getShape())) {
            throw new IllegalArgumentException("source latents " + start.source.getShape() + " and noise "
                    + noise.getShape() + " differ in shape");
        }
        int images = classes.length;
        try (NDManager run = noise.getManager().newSubManager()) {
            NDArray conditioning = allConditioning(grid, classes, run);
            NDArray coefficients = stepCoefficients(grid, settings.kind, run);
            FlowPath path = start.source == null ? null : new FlowPath(start.source, noise, start.keep(), run);
            NDArray guidance = run.create((float) settings.cfgScale);
            List<LatentSize> doubled = new ArrayList<>(sizes);
            doubled.addAll(sizes);
            Velocity velocity = (x, gridIndex, guided) -> {
                long first = (long) gridIndex * 2 * images;
                if (!guided) {
                    NDArray c = conditioning.get(first + ":" + (first + images));
                    return model.forward(x, sizes, c);
                }
                NDArray c = conditioning.get(first + ":" + (first + 2 * images));
                NDArray both = model.forward(NDArrays.concat(new ai.djl.ndarray.NDList(x, x)), doubled, c);
                long n = x.getShape().get(0);
                NDArray cond = both.get("0:" + n);
                NDArray uncond = both.get(n + ":");
                return uncond.add(cond.sub(uncond).mul(guidance));
            };

            NDArray x = path == null || start.time == 1 ? noise.duplicate() : path.at(start.time);
            x.attach(run);
            for (int i = 0; i < steps; i++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("sampling cancelled before step " + (i + 1) + " of " + steps);
                }
                int step = i;
                boolean guided = settings.guidedAt(grid[i]);
                NDArray draw = settings.kind == SamplerKind.SDE && i < steps - 1
                        ? run.create(sdeNoise.draw(i), x.getShape()) : null;
                float[][] estimate = progress.wantsEstimate(i + 1, steps) ? new float[1][] : null;
                x = Scoped.step(x, current -> step(settings.kind, velocity, current, step, guided,
                        coefficients.get(step), draw, steps, estimate));
                if (draw != null) {
                    draw.close();
                }
                if (path != null && path.keepsAny()) {
                    double end = grid[i + 1];
                    x = Scoped.step(x, current -> path.resetKept(current, end));
                }
                if (estimate != null) {
                    progress.estimate(i + 1, steps, estimate[0]);
                }
                progress.stepDone(i + 1, steps);
            }
            x.attach(noise.getManager());
            return x;
        }
    }

    /**
     * One step from x at grid index i; when {@code estimate} is not null, also the clean latents
     * x0 = x - t v predicted from the step's first velocity, copied to the host into estimate[0]
     * (at the last step of the ODE and of Heun, t = -dt, so this is the step's own result, bit
     * for bit).
     */
    private static NDArray step(SamplerKind kind, Velocity velocity, NDArray x, int i, boolean guided,
                                NDArray coefficient, NDArray draw, int steps, float[][] estimate) {
        NDArray dt = coefficient.get(0);
        NDArray v = velocity.at(x, i, guided);
        if (estimate != null) {
            estimate[0] = x.add(v.mul(coefficient.get(3))).toFloatArray();
        }
        switch (kind) {
            case ODE:
                return x.add(v.mul(dt));
            case HEUN: {
                NDArray euler = x.add(v.mul(dt));
                if (i == steps - 1) {
                    return euler;
                }
                // the second evaluation keeps the guidance decision of the step's start
                NDArray v2 = velocity.at(euler, i + 1, guided);
                return x.add(v.add(v2).mul(coefficient.get(1)));
            }
            case SDE: {
                // drift d = v - (w/2) score with w = 2t and score = ((t - 1) v - x) / t,
                // which simplifies to (2 - t) v + x
                NDArray drift = v.mul(coefficient.get(1)).add(x);
                NDArray next = x.add(drift.mul(dt));
                return draw == null ? next : next.add(draw.mul(coefficient.get(2)));
            }
            default:
                throw new IllegalStateException("unknown sampler " + kind);
        }
    }

    /**
     * Conditioning rows for every grid time, [grid.length * 2B, D]: at each time, the B
     * conditional rows, then the B unconditional (null class) rows.
     */
    private NDArray allConditioning(double[] grid, int[] classes, NDManager run) {
        int images = classes.length;
        double[] t = new double[grid.length * 2 * images];
        int[] y = new int[t.length];
        for (int g = 0; g < grid.length; g++) {
            for (int i = 0; i < 2 * images; i++) {
                t[g * 2 * images + i] = grid[g];
                y[g * 2 * images + i] = i < images ? classes[i] : model.nullClass();
            }
        }
        return model.conditioning(t, y, run);
    }

    /**
     * Per-step scalars, [steps, 4], computed in float64 and stored as float32 on the device:
     * dt; then for Heun dt / 2, for SDE (2 - t); then for SDE sqrt(2 t) sqrt(|dt|); then -t (the
     * step to t = 0 that estimates the clean latents).
     */
    private static NDArray stepCoefficients(double[] grid, SamplerKind kind, NDManager run) {
        int steps = grid.length - 1;
        float[] c = new float[steps * 4];
        for (int i = 0; i < steps; i++) {
            double t = grid[i];
            double dt = grid[i + 1] - t;
            c[4 * i] = (float) dt;
            c[4 * i + 1] = (float) (kind == SamplerKind.SDE ? 2 - t : dt / 2);
            c[4 * i + 2] = (float) (Math.sqrt(2 * t) * Math.sqrt(Math.abs(dt)));
            c[4 * i + 3] = (float) (0 - t);
        }
        return run.create(c, new Shape(steps, 4));
    }

    @FunctionalInterface
    private interface Velocity {
        NDArray at(NDArray x, int gridIndex, boolean guided);
    }
}
