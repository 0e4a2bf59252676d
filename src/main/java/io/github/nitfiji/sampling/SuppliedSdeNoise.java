package io.github.nitfiji.sampling;

import java.util.Arrays;

/** SDE draws given from outside, [steps - 1, N * channels] (e.g. recorded from the official sampler). */
public final class SuppliedSdeNoise implements SdeNoise {
    private final float[] draws;
    private final int perStep;

    public SuppliedSdeNoise(float[] draws, int perStep) {
        if (perStep <= 0 || draws.length % perStep != 0) {
            throw new IllegalArgumentException("SDE draws hold " + draws.length + " values, not a whole number of steps of "
                    + perStep);
        }
        this.draws = draws;
        this.perStep = perStep;
    }

    public int steps() {
        return draws.length / perStep;
    }

    @Override
    public float[] draw(int step) {
        return Arrays.copyOfRange(draws, step * perStep, (step + 1) * perStep);
    }
}
