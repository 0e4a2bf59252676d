package io.github.nitfiji.pipeline;

import java.util.List;

/**
 * Told as a request advances: every sampling step, then every decoded image; and, when the
 * listener asks for them, previews of the images while they are sampled.
 */
public interface GenerationProgress {
    GenerationProgress NONE = new GenerationProgress() { };

    default void sampling(int step, int steps) {
    }

    default void decoding(int image, int images) {
    }

    /**
     * Every how many sampling steps this listener wants a preview ({@link PreviewCadence}); 0 for
     * none (the default: a preview costs a decode per image).
     *
     * @param accelerator whether the model runs on a GPU (CUDA or MPS) rather than the CPU
     * @param steps the steps this request runs
     */
    default int previewEvery(boolean accelerator, int steps) {
        return 0;
    }

    /**
     * The current estimate of the final images after {@code step} of {@code steps}, decoded at
     * the requested size ({@link Pipeline#PREVIEW_IMAGES} at most). Never told for the last step:
     * the finished images follow at once.
     */
    default void preview(int step, int steps, List<GeneratedImage> images) {
    }
}
