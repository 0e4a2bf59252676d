package io.github.nitfiji.sampling;

import java.util.Map;

/**
 * Settings of TiM's transition sampler: steps on the uniform grid from t = 1 (noise) to 0,
 * classifier-free guidance scale on the open interval (low, high) of t, mode, and the ratio s of
 * the optional stochastic term (0 = deterministic).
 */
public final class TransitionSettings implements SamplingSettings {
    public final int steps;
    public final double cfgScale;
    public final double guidanceLow;
    public final double guidanceHigh;
    public final TransitionMode mode;
    public final double stochasticity;

    public TransitionSettings(int steps, double cfgScale, double guidanceLow, double guidanceHigh,
                              TransitionMode mode, double stochasticity) {
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
            throw new IllegalArgumentException("guidance interval (" + guidanceLow + ", " + guidanceHigh
                    + ") must lie inside [0, 1]");
        }
        if (guidanceLow > guidanceHigh) {
            throw new IllegalArgumentException("guidance interval low " + guidanceLow + " is above high " + guidanceHigh);
        }
        if (mode == null) {
            throw new IllegalArgumentException("TiM mode is missing; use transition or ddiffusion");
        }
        if (!(stochasticity >= 0 && stochasticity <= 1)) {
            throw new IllegalArgumentException("stochasticity must be in [0, 1] (0 = deterministic), found " + stochasticity);
        }
        this.steps = steps;
        this.cfgScale = cfgScale;
        this.guidanceLow = guidanceLow;
        this.guidanceHigh = guidanceHigh;
        this.mode = mode;
        this.stochasticity = stochasticity;
    }

    /**
     * Whether the step starting at {@code t} runs the guided (cond + uncond) batch. Strict on both
     * ends, as the official sampler: the first step (t = 1) is never guided, so a 1-step sample
     * costs one evaluation.
     */
    public boolean guidedAt(double t) {
        return cfgScale > 1 && guidanceLow < t && t < guidanceHigh;
    }

    /** Whether the step from {@code t} with model target {@code r} adds the stochastic term. */
    public boolean stochasticAt(double t, double r) {
        return stochasticity > 0 && t < 1 && r > 0;
    }

    /** The model's target time r for the step from {@code t} to {@code next}. */
    public double targetTime(double t, double next) {
        return mode == TransitionMode.TRANSITION ? next : t;
    }

    /**
     * The float64 grid torch.linspace(1, 0, steps + 1) with PyTorch's exact values: the first half
     * counted from 1, the second half back from 0.
     */
    public double[] timeGrid() {
        int count = steps + 1;
        double[] t = new double[count];
        double step = -1.0 / steps;
        int half = count / 2;
        for (int i = 0; i < count; i++) {
            t[i] = i < half ? 1.0 + step * i : 0.0 - step * (count - 1 - i);
        }
        return t;
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

    /** TiM starts from noise only: every step runs (a start image is refused before this). */
    @Override
    public int stepsFrom(double start) {
        if (start != 1) {
            throw new IllegalArgumentException("TiM's transition sampler starts from noise (t = 1), not " + start);
        }
        return steps;
    }

    /** One block per step (blocks of steps without the stochastic term are ignored), or none. */
    @Override
    public long stepNoiseBlocks() {
        return stochasticity > 0 ? steps : 0;
    }

    @Override
    public void record(Map<String, String> provenance) {
        provenance.put("nit.sampler", "transition");
        provenance.put("nit.steps", Integer.toString(steps));
        provenance.put("nit.cfg", Double.toString(cfgScale));
        provenance.put("nit.guidance_interval", guidanceLow + "," + guidanceHigh);
        provenance.put("nit.tim_mode", mode.id());
        provenance.put("nit.stochasticity", Double.toString(stochasticity));
    }

    @Override
    public String toString() {
        return "TiM " + mode.id() + ", " + steps + " steps, CFG " + cfgScale + " on (" + guidanceLow + ", "
                + guidanceHigh + "), stochasticity " + stochasticity;
    }
}
