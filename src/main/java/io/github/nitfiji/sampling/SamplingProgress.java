package io.github.nitfiji.sampling;

/** Told after each sampling step. */
@FunctionalInterface
public interface SamplingProgress {
    SamplingProgress NONE = (done, total) -> { };

    void stepDone(int done, int total);
}
