package io.github.nitfiji.sampling;

import java.util.Map;

/**
 * Sampler, number of steps, classifier-free guidance scale and the guidance interval
 * [low, high] on t (t = 1 is noise): guidance applies on steps whose t lies inside it.
 */
public final class SamplerSettings implements SamplingSettings {
    public final SamplerKind kind;
    public final int steps;
    public final double cfgScale;
    public final double guidanceLow;
    public final double guidanceHigh;

    /** The SDE's last noisy time; its final step is a plain Euler step from here to 0. */
    static final double SDE_END = 0.04;

    public SamplerSettings(SamplerKind kind, int steps, double cfgScale, double guidanceLow, double guidanceHigh) {
        if (kind == null) {
            throw new IllegalArgumentException("sampler is missing; use ode, heun or sde");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, found " + steps);
        }
        if (steps > 10_000) {
            throw new IllegalArgumentException("steps must be at most 10000, found " + steps);
        }
        if (!(cfgScale >= 1) || Double.isInfinite(cfgScale)) {
            throw new IllegalArgumentException("CFG scale must be a finite number >= 1 (1 = no guidance), found " + cfgScale);
        }
        if (!(guidanceLow >= 0 && guidanceLow <= 1 && guidanceHigh >= 0 && guidanceHigh <= 1)) {
            throw new IllegalArgumentException("guidance interval [" + guidanceLow + ", " + guidanceHigh
                    + "] must lie inside [0, 1]");
        }
        if (guidanceLow > guidanceHigh) {
            throw new IllegalArgumentException("guidance interval low " + guidanceLow + " is above high " + guidanceHigh);
        }
        this.kind = kind;
        this.steps = steps;
        this.cfgScale = cfgScale;
        this.guidanceLow = guidanceLow;
        this.guidanceHigh = guidanceHigh;
    }

    /** Whether the step starting at {@code t} runs the guided (cond + uncond) batch. */
    public boolean guidedAt(double t) {
        return cfgScale > 1 && guidanceLow <= t && t <= guidanceHigh;
    }

    /**
     * The float64 time grid, one entry more than steps. ODE and Heun: linspace(1, 0, steps + 1).
     * SDE: linspace(1, 0.04, steps) then 0 (the last step is a plain Euler step to 0).
     */
    public double[] timeGrid() {
        return timeGrid(1.0);
    }

    /**
     * How many steps run when sampling starts at time {@code start} (image-to-image strength):
     * ceil(start x steps), at least 1 for any start above 0, and 0 at start 0 (nothing to do).
     * So steps=50 at strength 0.6 runs 30 steps, the count users of image-to-image tools expect,
     * and strength 1 runs all of them. A product that lands a hair above a whole number in
     * binary (0.6 x 10 = 6.000000000000001) counts as that whole number. The SDE cannot start
     * at or below its last noisy time 0.04: from there it takes its one plain Euler step to 0.
     */
    public int stepsFrom(double start) {
        checkStart(start);
        if (start == 0) {
            return 0;
        }
        if (kind == SamplerKind.SDE && start <= SDE_END) {
            return 1;
        }
        return Math.max(1, (int) Math.ceil(start * steps - 1e-9));
    }

    /**
     * The grid from {@code start} down to 0, re-spaced over {@link #stepsFrom} steps exactly as the
     * full grid is spaced: ODE and Heun linspace(start, 0, n + 1); SDE linspace(start, 0.04, n)
     * then 0. It begins exactly at {@code start}, where the image was noised, and at start 1 it is
     * the full grid, so strength 1 is text-to-image.
     */
    public double[] timeGrid(double start) {
        int n = stepsFrom(start);
        if (n == 0) {
            throw new IllegalArgumentException("start time 0 runs no sampling step; use the source latents as they are");
        }
        double[] t = new double[n + 1];
        if (kind == SamplerKind.SDE) {
            linspace(start, Math.min(SDE_END, start), t, n);
        } else {
            linspace(start, 0.0, t, n + 1);
        }
        t[n] = 0.0;
        return t;
    }

    private static void checkStart(double start) {
        if (!(start >= 0 && start <= 1)) {
            throw new IllegalArgumentException("strength " + start + " is outside 0..1 (0 keeps the image, 1 starts"
                    + " from pure noise)");
        }
    }

    /** numpy's linspace: start + i * step, the last point exactly {@code stop}. */
    private static void linspace(double start, double stop, double[] out, int count) {
        if (count == 1) {
            out[0] = start;
            return;
        }
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) {
            out[i] = start + i * step;
        }
        out[count - 1] = stop;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public double cfgScale() {
        return cfgScale;
    }

    @Override
    public double guidanceLow() {
        return guidanceLow;
    }

    @Override
    public double guidanceHigh() {
        return guidanceHigh;
    }

    /** The SDE draws once per step but the last; ODE and Heun draw nothing. */
    @Override
    public long stepNoiseBlocks() {
        return kind == SamplerKind.SDE ? steps - 1L : 0;
    }

    @Override
    public void record(Map<String, String> provenance) {
        provenance.put("nit.sampler", kind.id());
        provenance.put("nit.steps", Integer.toString(steps));
        provenance.put("nit.cfg", Double.toString(cfgScale));
        provenance.put("nit.guidance_interval", guidanceLow + "," + guidanceHigh);
    }

    @Override
    public String toString() {
        return kind.id() + ", " + steps + " steps, CFG " + cfgScale + " on [" + guidanceLow + ", " + guidanceHigh + "]";
    }
}
