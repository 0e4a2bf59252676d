package io.github.nitfiji.sampling;

/**
 * Told after each sampling step; optionally also shown the sampler's current estimate of the
 * final latents (previews). Every sampler, of every family, offers the estimate the same way:
 * after a step whose number {@link #wantsEstimate} accepts, it hands {@link #estimate} the clean
 * latents x0 predicted from the velocity (or transition) it evaluated at that step's start, in
 * the layout of its result. Asking costs a copy of the latents to the host; not asking costs
 * nothing.
 */
@FunctionalInterface
public interface SamplingProgress {
    SamplingProgress NONE = (done, total) -> { };

    void stepDone(int done, int total);

    /** Whether to compute the estimate of the final latents during step {@code done} (1..total). */
    default boolean wantsEstimate(int done, int total) {
        return false;
    }

    /**
     * The estimate of the final latents after step {@code done}, told before {@link #stepDone}:
     * x0 = x_t - t v for the state x_t and velocity v at the step's start time t (NiT's flow
     * x_t = (1 - t) x0 + t eps, v = eps - x0; TiM's transition F towards r in place of v). At the
     * last step of a deterministic sampler it is the final latent itself.
     *
     * @param x0 [images * tokens * channels], images concatenated, tokens row-major (owned by the callee)
     */
    default void estimate(int done, int total, float[] x0) {
    }
}
