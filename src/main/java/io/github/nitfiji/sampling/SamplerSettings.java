package io.github.nitfiji.sampling;

/**
 * Sampler, number of steps, classifier-free guidance scale and the guidance interval
 * [low, high] on t (t = 1 is noise): guidance applies on steps whose t lies inside it.
 */
public final class SamplerSettings {
    public final SamplerKind kind;
    public final int steps;
    public final double cfgScale;
    public final double guidanceLow;
    public final double guidanceHigh;

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
        double[] t = new double[steps + 1];
        if (kind == SamplerKind.SDE) {
            linspace(1.0, 0.04, t, steps);
        } else {
            linspace(1.0, 0.0, t, steps + 1);
        }
        t[steps] = 0.0;
        return t;
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
    public String toString() {
        return kind.id() + ", " + steps + " steps, CFG " + cfgScale + " on [" + guidanceLow + ", " + guidanceHigh + "]";
    }
}
