package io.github.nitfiji.train;

import java.util.SplittableRandom;

/**
 * The random draws of one training step (which mirror image, label dropout, t, noise), from a
 * generator seeded by the run's seed and the step number alone. The generator's state is therefore
 * the step number: a resumed run draws exactly what the uninterrupted run drew.
 */
final class StepRandom {
    private final SplittableRandom random;
    private double spare = Double.NaN;

    StepRandom(long seed, long step) {
        random = new SplittableRandom(mix(seed, step));
    }

    /** A well-mixed 64-bit combination of a seed and a counter (SplitMix64's finaliser). */
    static long mix(long seed, long counter) {
        long z = seed * 0x9E3779B97F4A7C15L + counter;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    double uniform() {
        return random.nextDouble();
    }

    int below(int n) {
        return random.nextInt(n);
    }

    /** N(0, 1) by Box–Muller. */
    double gaussian() {
        if (!Double.isNaN(spare)) {
            double s = spare;
            spare = Double.NaN;
            return s;
        }
        double r = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
        double theta = 2 * Math.PI * random.nextDouble();
        spare = r * Math.sin(theta);
        return r * Math.cos(theta);
    }

    /**
     * The official log-normal t: n ~ N(0, 1), s = exp(n), t = s / (1 + s), in float32 as the
     * official loss draws it (P_mean 0, P_std 1).
     */
    double logNormalTime() {
        float s = (float) Math.exp((float) gaussian());
        return s / (1 + s);
    }
}
