package io.github.nitfiji.fiji;

import io.github.nitfiji.pipeline.GeneratedImage;
import java.util.List;

/** Where a running job reports: ImageJ's status bar and progress bar, or SciJava's StatusService. */
public interface JobFeedback {
    /** A one-line status ("NiT: step 3/50, about 20 s left"). */
    void status(String message);

    /** Overall progress in [0, 1]; 1 means done (hides a progress bar). */
    void progress(double fraction);

    /** A notice the user should read later (a fallback to the CPU, a default model): the Log. */
    void note(String message);

    /**
     * Every how many sampling steps to show a preview, 0 for none (the default: no window to show
     * it in); see {@link io.github.nitfiji.pipeline.PreviewCadence}.
     */
    default int previewEvery(boolean accelerator, int steps) {
        return 0;
    }

    /** The current estimate of the images after {@code step} of {@code steps}, decoded (a preview). */
    default void preview(int step, int steps, List<GeneratedImage> images) {
    }
}
