package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.macro.Interpreter;
import io.github.nitfiji.fiji.JobFeedback;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.PreviewCadence;
import java.awt.GraphicsEnvironment;
import java.util.List;

/**
 * Job feedback on ImageJ's status line, progress bar and Log window, and previews in a window of
 * their own that the finished stack replaces ({@link #show}).
 */
final class IjFeedback implements JobFeedback {
    /** The ImageJ preference that holds the preview choice ("auto", "off" or steps; set in the dialog). */
    static final String PREVIEWS_PREF = "nit.previews";

    private PreviewWindow preview;

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

    /** The chosen cadence; none without a screen to show it on, or in a batch-mode macro. */
    @Override
    public int previewEvery(boolean accelerator, int steps) {
        if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) {
            return 0;
        }
        try {
            return PreviewCadence.every(previewChoice(), accelerator, steps);
        } catch (IllegalArgumentException e) {
            return 0; // a preference edited by hand: no previews rather than a failed run
        }
    }

    @Override
    public void preview(int step, int steps, List<GeneratedImage> images) {
        if (preview == null) {
            preview = new PreviewWindow();
        }
        preview.show(step, steps, images);
    }

    /** The preview choice for the next run. */
    static String previewChoice() {
        return Prefs.get(PREVIEWS_PREF, PreviewCadence.AUTO);
    }

    static void previewChoice(String choice) {
        Prefs.set(PREVIEWS_PREF, choice);
    }

    /**
     * Shows the finished stack in place of the preview window, if there was one; when headless
     * outside a macro (IJ.runPlugIn from Java), where a window cannot exist, makes it this
     * thread's current image instead (IJ.getImage() returns it).
     */
    void show(ImagePlus image) {
        if (GraphicsEnvironment.isHeadless() && !IJ.isMacro()) {
            WindowManager.setTempCurrentImage(image);
            return;
        }
        java.awt.Point where = preview == null ? null : preview.location();
        image.show();
        if (where != null && image.getWindow() != null) {
            image.getWindow().setLocation(where);
        }
        closePreview();
    }

    /** Closes the preview window (a cancelled or failed run leaves no window behind). */
    void closePreview() {
        if (preview != null) {
            preview.close();
            preview = null;
        }
    }
}
