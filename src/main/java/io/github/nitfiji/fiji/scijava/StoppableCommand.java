package io.github.nitfiji.fiji.scijava;

import ij.IJ;
import io.github.nitfiji.fiji.JobFeedback;
import java.util.function.Consumer;
import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.command.Command;

/**
 * What NiT's SciJava commands share to stop within a step: SciJava's cancel (from a script or the
 * UI), Esc in ImageJ, or an interrupt of the command's thread.
 */
abstract class StoppableCommand implements Command, Cancelable {
    private volatile String cancelReason;

    /**
     * Starts a run: clears an old Esc (as ImageJ does before a menu command, so it cannot stop this
     * run) and gives the job's feedback to SciJava's status bar, its notes to {@code note}.
     */
    static JobFeedback start(StatusService status, Consumer<String> note) {
        IJ.resetEscape();
        return new JobFeedback() {
            @Override
            public void status(String message) {
                status.showStatus(message);
            }

            @Override
            public void progress(double fraction) {
                status.showProgress((int) Math.round(1000 * fraction), 1000);
            }

            @Override
            public void note(String message) {
                note.accept(message);
            }
        };
    }

    /** Whether the run should stop now. */
    boolean stopRequested() {
        return isCanceled() || Thread.currentThread().isInterrupted() || IJ.escapePressed();
    }

    @Override
    public boolean isCanceled() {
        return cancelReason != null;
    }

    @Override
    public void cancel(String reason) {
        cancelReason = reason == null ? "cancelled" : reason;
    }

    @Override
    public String getCancelReason() {
        return cancelReason;
    }
}
