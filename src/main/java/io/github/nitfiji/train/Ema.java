package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;

/**
 * The official {@code update_ema}: ema <- decay ema + (1 - decay) p after every optimizer step,
 * starting from the initial weights. Kept as the offset from those weights (ema = p0 + e, so
 * e <- decay e + (1 - decay) (p - p0), the same recurrence): in float32 the EMA of a weight moves by
 * a hundredth of a step per step, below the rounding of the weight itself, and an absolute float32
 * EMA would lose it (measured on the goldens: 1e-2 relative error in the EMA's change).
 */
final class Ema {
    final double decay;

    Ema(double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), found " + decay
                    + " (0.9999 is the official setting for pre-training; fine-tunes of a few thousand steps use"
                    + " 0.999 or less)");
        }
        this.decay = decay;
    }

    /** Updates the EMA's offset {@code e} in place from the weights' offset {@code d} = p - p0. */
    void update(NDArray e, NDArray d) {
        e.muli((float) decay);
        try (NDArray part = d.mul((float) (1 - decay))) {
            e.addi(part);
        }
    }
}
