package io.github.nitfiji.pipeline;

/** Told as a request advances: every sampling step, then every decoded image. */
public interface GenerationProgress {
    GenerationProgress NONE = new GenerationProgress() { };

    default void sampling(int step, int steps) {
    }

    default void decoding(int image, int images) {
    }
}
