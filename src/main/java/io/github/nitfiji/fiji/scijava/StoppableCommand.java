package io.github.nitfiji.fiji.scijava;

import ij.IJ;
import org.scijava.Cancelable;
import org.scijava.command.Command;

/**
 * What NiT's SciJava commands share to stop within a step: SciJava's cancel (from a script or the
 * UI), Esc in ImageJ, or an interrupt of the command's thread.
 */
abstract class StoppableCommand implements Command, Cancelable {
    private volatile String cancelReason;

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
