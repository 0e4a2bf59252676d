package io.github.nitfiji.fiji.train;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import io.github.nitfiji.fiji.JobFeedback;
import io.github.nitfiji.fiji.JobProgress;
import io.github.nitfiji.train.FineTuneJob;
import io.github.nitfiji.train.LossCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a person sees while a fine-tune trains in Fiji: the loss plot redrawn as the steps come
 * (at most a few times a second), the growing stack of previews, the step, loss and time left on
 * the status line and the progress bar, and stages, checkpoints and warnings in the Log. With a
 * display the plot and the previews have windows from their first point on; in a macro's batch
 * mode or headless they are images the macro gets at the end ({@link #finish}).
 */
final class TrainingWindow implements FineTuneJob.Events {
    private static final long REDRAW_NANOS = 300_000_000L;
    private static final String ESC = " (Esc stops with a checkpoint)";
    /** Previews smaller than this (px) are shown zoomed in. */
    private static final int PREVIEW_SIDE = 256;

    private final String name;
    private final Path runDir;
    private final boolean resume;
    private final JobFeedback feedback;
    private final boolean live;
    private final LossPlot loss;
    private PreviewStack previews;
    private PlotWindow plotWindow;
    private ImagePlus previewImage;
    private long lastRedraw;
    private volatile boolean closedByUser;
    private String progressText = "step";
    private volatile long lastStep;

    /**
     * @param live whether to show windows as it trains (a display, and not a macro's batch mode)
     */
    TrainingWindow(String name, Path runDir, boolean resume, JobFeedback feedback, boolean live) {
        this.name = name;
        this.runDir = runDir;
        this.resume = resume;
        this.feedback = feedback;
        this.live = live;
        this.loss = new LossPlot(lossTitle(name));
    }

    static String lossTitle(String name) {
        return "NiT Train loss: " + name;
    }

    static String previewTitle(String name) {
        return "NiT Train previews: " + name;
    }

    /** The classes, in the order of the fine-tune's ids (known once the dataset is read). */
    void classes(List<String> names) {
        this.previews = new PreviewStack(previewTitle(name), names);
    }

    /** The last step trained (0 before the first). */
    long lastStep() {
        return lastStep;
    }

    /** Whether the person closed the live plot window (which stops the run as Esc does). */
    boolean closedByUser() {
        return closedByUser;
    }

    @Override
    public void note(String message) {
        feedback.note(message);
    }

    @Override
    public void warning(String message) {
        feedback.note("warning: " + message);
    }

    @Override
    public void skipped(String warning) {
        feedback.note("warning: " + warning);
    }

    @Override
    public void image(int done, int total, double imagesPerSecond, double secondsLeft) {
        feedback.progress((double) done / total);
        feedback.status("NiT Train: encoding image " + done + "/" + total
                + (Double.isNaN(secondsLeft) ? "" : ", " + JobProgress.timeLeft(secondsLeft)) + ESC);
    }

    @Override
    public void step(StepReport r) {
        if (loss.size() == 0 && resume && r.step > 1) {
            try {
                for (LossCsv.Point p : LossCsv.read(runDir, r.step - 1)) {
                    loss.add(p.step, p.loss, p.runningMean);
                }
            } catch (IOException e) {
                warning("the loss curve before step " + r.step + " could not be read (" + e.getMessage() + ")");
            }
        }
        loss.add(r.step, r.loss, r.runningMean);
        lastStep = r.step;
        String left = r.step < r.totalSteps ? ", " + JobProgress.timeLeft(r.secondsLeft) : "";
        progressText = String.format(Locale.ROOT, "step (%d of %d%s)", r.step, r.totalSteps, left);
        feedback.progress((double) r.step / r.totalSteps);
        feedback.status(String.format(Locale.ROOT, "NiT Train: step %d/%d, loss %.4f (mean %.4f)%s%s", r.step,
                r.totalSteps, r.loss, r.runningMean, left, ESC));
        long now = System.nanoTime();
        if (live && (now - lastRedraw > REDRAW_NANOS || r.step == r.totalSteps)) {
            lastRedraw = now;
            redraw();
        }
    }

    @Override
    public void preview(long step, Path png) {
        try {
            previews.add(step, png);
        } catch (IOException e) {
            warning("the preview at step " + step + " could not be read (" + e.getMessage() + ")");
            return;
        }
        if (live) {
            boolean first = previewImage == null;
            previewImage = previews.update(previewImage);
            if (first) {
                showPreviews();
            }
        }
    }

    @Override
    public void checkpoint(long step, Path file) {
        feedback.note("checkpoint at step " + step + ": " + file);
    }

    private void redraw() {
        Plot next = loss.plot(progressText);
        if (plotWindow == null) {
            plotWindow = next.show();
            next.getImagePlus().setProperty(OpenImages.WINDOW_PROPERTY, "loss");
            if (plotWindow != null) {
                plotWindow.addWindowListener(new java.awt.event.WindowAdapter() {
                    @Override
                    public void windowClosing(java.awt.event.WindowEvent e) {
                        closedByUser = true;
                    }
                });
            }
        } else {
            plotWindow.drawPlot(next);
        }
    }

    /** Shows the previews beside the plot, zoomed in while they are small. */
    private void showPreviews() {
        previewImage.show();
        ij.gui.ImageWindow w = previewImage.getWindow();
        if (w == null) {
            return;
        }
        int side = Math.max(previewImage.getWidth(), previewImage.getHeight());
        if (side < PREVIEW_SIDE) {
            ij.plugin.Zoom.set(previewImage, Math.min(4, Math.floor(PREVIEW_SIDE / (double) side)));
        }
        java.awt.Dimension screen = java.awt.Toolkit.getDefaultToolkit().getScreenSize();
        if (plotWindow != null && plotWindow.getX() + plotWindow.getWidth() + 8 + w.getWidth() <= screen.width) {
            w.setLocation(plotWindow.getX() + plotWindow.getWidth() + 8, plotWindow.getY());
        }
    }

    /**
     * The loss plot and the previews as they ended (or null when there were none), their
     * windows updated; without live windows, images for the caller to show.
     *
     * @param summary the x axis's text at the end ("step (200 steps in 1:05 min)")
     */
    Result finish(String summary) {
        progressText = summary;
        Plot plot = loss.plot(progressText);
        if (plot != null && live && plotWindow != null) {
            plotWindow.drawPlot(plot);
            return new Result(plot, plotWindow.getImagePlus(), previewImage, true);
        }
        if (plot != null) {
            plot.getImagePlus().setProperty(OpenImages.WINDOW_PROPERTY, "loss");
        }
        if (!live && previews != null && previews.size() > 0) {
            previewImage = previews.update(null);
        }
        return new Result(plot, plot == null ? null : plot.getImagePlus(), previewImage, false);
    }

    /** The run's windows at its end. */
    static final class Result {
        /** The loss plot at the end (shown in its window when live); null when no step ran. */
        final Plot lossPlot;
        /** The plot's image (the window's when live); null when no step ran. */
        final ImagePlus lossImage;
        /** The previews; null without previews. */
        final ImagePlus previews;
        /** Whether they are shown already. */
        final boolean shown;

        Result(Plot lossPlot, ImagePlus lossImage, ImagePlus previews, boolean shown) {
            this.lossPlot = lossPlot;
            this.lossImage = lossImage;
            this.previews = previews;
            this.shown = shown;
        }
    }
}
