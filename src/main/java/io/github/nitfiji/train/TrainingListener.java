package io.github.nitfiji.train;

import java.nio.file.Path;

/**
 * Hears a run as it goes; the Fiji dialog plots from it. Called on the training thread: keep the
 * work short (hand drawing over to another thread).
 */
public interface TrainingListener {
    /** After each optimizer step. */
    void step(StepReport report);

    /** A preview grid (one image per class, the same seeds every time) was written. */
    default void preview(long step, Path png) {
    }

    /** A checkpoint was written (atomically: the previous one stays until this one is complete). */
    default void checkpoint(long step, Path file) {
    }

    /** Something the user should know that does not stop the run. */
    default void warning(String message) {
    }

    /** One step's numbers. */
    final class StepReport {
        public final long step;
        public final long totalSteps;
        public final double loss;
        /** Mean of the last (up to) 50 losses. */
        public final double runningMean;
        public final double gradNorm;
        public final double lr;
        public final double stepsPerSecond;
        public final double secondsLeft;

        StepReport(long step, long totalSteps, double loss, double runningMean, double gradNorm, double lr,
                   double stepsPerSecond, double secondsLeft) {
            this.step = step;
            this.totalSteps = totalSteps;
            this.loss = loss;
            this.runningMean = runningMean;
            this.gradNorm = gradNorm;
            this.lr = lr;
            this.stepsPerSecond = stepsPerSecond;
            this.secondsLeft = secondsLeft;
        }
    }

    TrainingListener NONE = report -> { };
}
