package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;

/**
 * {@code torch.optim.AdamW} (no amsgrad, not maximising), the official trainer's optimizer, on one
 * tensor's stored value p with gradient g at step k (counted from 1):
 * p <- p - lr wd p (decoupled weight decay, on p before the step); m <- b1 m + (1 - b1) g;
 * v <- b2 v + (1 - b2) g^2; p <- p - lr / (1 - b1^k) * m / (sqrt(v) / sqrt(1 - b2^k) + eps).
 * Defaults are the official config's: betas (0.9, 0.95), eps 1e-6, weight decay 0.01.
 */
final class AdamW {
    final double beta1;
    final double beta2;
    final double eps;
    final double weightDecay;

    AdamW(double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamW betas must be in [0, 1), found " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW needs eps > 0 and weight decay >= 0, found " + eps + ", "
                    + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** The official trainer's settings. */
    static AdamW official() {
        return new AdamW(0.9, 0.95, 1e-6, 0.01);
    }

    /**
     * Updates the moments {@code m} and {@code v} in place and returns the step to add to the stored
     * value {@code p} (a new array, the caller's to close; every temporary is closed here, since the
     * arrays may live in long-lived managers).
     *
     * @param step this tensor's step number, from 1
     */
    NDArray step(NDArray p, NDArray g, NDArray m, NDArray v, double lr, long step) {
        try (NDArray part = g.mul((float) (1 - beta1))) {
            m.muli((float) beta1).addi(part);
        }
        try (NDArray g2 = g.square()) {
            v.muli((float) beta2).addi(g2.muli((float) (1 - beta2)));
        }
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        NDArray denominator = v.sqrt().divi((float) biasCorrection2Sqrt).addi((float) eps);
        NDArray update = m.div(denominator).muli((float) (-lr / biasCorrection1));
        denominator.close();
        try (NDArray decay = p.mul((float) (-lr * weightDecay))) {
            return update.addi(decay);
        }
    }
}
