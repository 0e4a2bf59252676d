package io.github.nitfiji.fiji.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageWindow;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.github.nitfiji.pipeline.GeneratedImage;
import java.awt.Point;
import java.util.List;

/**
 * The "NiT preview" window while a run samples: the current estimate of each image (at most
 * {@link io.github.nitfiji.pipeline.Pipeline#PREVIEW_IMAGES}), scaled down to at most
 * {@link #MAX_SIDE} px, one slice each, updated in place; the finished stack takes its place.
 */
final class PreviewWindow {
    /** The longest side a preview is shown at (larger images are averaged down). */
    static final int MAX_SIDE = 384;

    private ImagePlus imp;

    /** Shows (or updates) the previews after {@code step} of {@code steps}. */
    void show(int step, int steps, List<GeneratedImage> images) {
        if (images.isEmpty()) {
            return;
        }
        ImageStack stack = stack(step, steps, images);
        String title = title(step, steps);
        if (imp == null || imp.getWindow() == null || imp.getWidth() != stack.getWidth()) {
            close();
            imp = new ImagePlus(title, stack);
            imp.show();
        } else {
            imp.setStack(title, stack);
        }
    }

    /** "NiT preview: step 10 of 50". */
    static String title(int step, int steps) {
        return "NiT preview: step " + step + " of " + steps;
    }

    /**
     * The images as RGB slices, each averaged down to at most {@link #MAX_SIDE} px on its longest
     * side, labelled "step 10/50 estimate | seed 42" (the label shows in the window, title bar or not).
     */
    static ImageStack stack(int step, int steps, List<GeneratedImage> images) {
        GeneratedImage first = images.get(0);
        double scale = Math.min(1, (double) MAX_SIDE / Math.max(first.width, first.height));
        int w = Math.max(1, (int) Math.round(first.width * scale));
        int h = Math.max(1, (int) Math.round(first.height * scale));
        ImageStack stack = new ImageStack(w, h);
        for (GeneratedImage image : images) {
            ImageProcessor ip = new ColorProcessor(image.width, image.height, image.rgb());
            if (scale < 1) {
                ip.setInterpolationMethod(ImageProcessor.BILINEAR);
                ip = ip.resize(w, h, true);
            }
            stack.addSlice("step " + step + "/" + steps + " estimate | seed " + image.seed, ip);
        }
        return stack;
    }

    /** Where the window is, for the finished stack to take its place; null without one. */
    Point location() {
        ImageWindow window = imp == null ? null : imp.getWindow();
        return window == null ? null : window.getLocation();
    }

    void close() {
        if (imp != null) {
            imp.changes = false;
            imp.close();
            imp = null;
        }
    }
}
