package io.github.nitfiji.fiji.train;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The run's previews as a stack that grows: every preview adds one slice per class (the same
 * seed for a class each time, so the subject can be seen to appear), labelled with the step and
 * the class. The engine writes each preview as a row of images, one per class
 * ({@code RUN/previews/step-NNNNNNN.png}); this splits the row.
 */
final class PreviewStack {
    private final String title;
    private final List<String> classNames;
    private ImageStack stack;

    PreviewStack(String title, List<String> classNames) {
        this.title = title;
        this.classNames = classNames;
    }

    /** Adds the preview row {@code png} of {@code step}; returns the new slices' count. */
    synchronized int add(long step, Path png) throws IOException {
        BufferedImage row = ImageIO.read(png.toFile());
        if (row == null) {
            throw new IOException(png + " is not an image");
        }
        int k = classNames.size();
        int w = row.getWidth() / k;
        int h = row.getHeight();
        if (stack == null) {
            stack = new ImageStack(w, h);
        }
        for (int c = 0; c < k; c++) {
            ColorProcessor cp = new ColorProcessor(row.getSubimage(c * w, 0, w, h));
            stack.addSlice("step " + step + ": " + classNames.get(c), cp);
        }
        return k;
    }

    synchronized int size() {
        return stack == null ? 0 : stack.getSize();
    }

    /**
     * Shows the slices so far in {@code imp} (made on first call, with the newest step's first
     * class current); null before the first preview.
     */
    synchronized ImagePlus update(ImagePlus imp) {
        if (stack == null) {
            return null;
        }
        ImageStack copy = new ImageStack(stack.getWidth(), stack.getHeight());
        for (int i = 1; i <= stack.getSize(); i++) {
            copy.addSlice(stack.getSliceLabel(i), stack.getProcessor(i));
        }
        int newest = copy.getSize() - classNames.size() + 1;
        if (imp == null) {
            imp = new ImagePlus(title, copy);
            imp.setProperty(OpenImages.WINDOW_PROPERTY, "previews");
        } else {
            imp.setStack(copy);
        }
        imp.setSlice(newest);
        return imp;
    }
}
