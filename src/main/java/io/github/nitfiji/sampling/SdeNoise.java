package io.github.nitfiji.sampling;

/** Where the Euler–Maruyama sampler's per-step noise comes from. */
public interface SdeNoise {
    /** The draw for SDE step {@code step} (0-based, all steps but the last), [N * channels] values. */
    float[] draw(int step);
}
