package io.github.nitfiji.fiji;

/** Where a running job reports: ImageJ's status bar and progress bar, or SciJava's StatusService. */
public interface JobFeedback {
    /** A one-line status ("NiT: step 3/50, about 20 s left"). */
    void status(String message);

    /** Overall progress in [0, 1]; 1 means done (hides a progress bar). */
    void progress(double fraction);

    /** A notice the user should read later (a fallback to the CPU, a default model): the Log. */
    void note(String message);
}
