package io.github.nitfiji.fiji.ij;

import ij.IJ;
import io.github.nitfiji.fiji.JobFeedback;

/** Job feedback on ImageJ's status line, progress bar and Log window. */
final class IjFeedback implements JobFeedback {
    @Override
    public void status(String message) {
        IJ.showStatus(message);
    }

    @Override
    public void progress(double fraction) {
        IJ.showProgress(fraction);
    }

    @Override
    public void note(String message) {
        IJ.log("NiT: " + message);
    }
}
