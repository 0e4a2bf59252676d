package io.github.nitfiji.fiji.source;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import io.github.nitfiji.source.SourceImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts an open image into sources, as the user sees it: every type goes through its current
 * display range and lookup table to 8-bit RGB (so a 16-bit or 32-bit image is what the screen
 * shows, grey replicated to R = G = B under a grey LUT), RGB images as they are, and composites as
 * ImageJ draws them: the visible channels, each through its own LUT, added and clipped at 255.
 * More than three visible channels are refused (an RGB image cannot hold them without mixing).
 *
 * <p>Stacks: the current slice, or every slice; for hyperstacks "every slice" means every
 * (z, t) position at the current channel(s). An area selection becomes the mask of the region to
 * regenerate; other selections are refused.
 */
public final class FijiSources {
    /** Which slices of a stack to start from. */
    public enum Slices {
        CURRENT, ALL;

        /** Parses a macro or dialog value: "current" (default when null or empty) or "all". */
        public static Slices parse(String text) {
            if (text == null || text.isEmpty() || text.equalsIgnoreCase("current")) {
                return CURRENT;
            }
            if (text.equalsIgnoreCase("all")) {
                return ALL;
            }
            throw new IllegalArgumentException("slices='" + text + "' is not known; use slices=current or slices=all");
        }
    }

    private FijiSources() {
    }

    /** The sources for {@code imp}, in stack order; the image itself is not changed. */
    public static List<SourceImage> of(ImagePlus imp, Slices slices) {
        check(imp);
        return of(imp, slices, SelectionMask.of(imp));
    }

    /**
     * Every slice of {@code imp} (as {@link Slices#ALL}) as a whole image, its selection not used:
     * training images.
     */
    public static List<SourceImage> wholeSlices(ImagePlus imp) {
        check(imp);
        return of(imp, Slices.ALL, null);
    }

    /**
     * The stack label of each of {@link #wholeSlices}, in the same order (of the first visible
     * channel for a composite); null where a slice has none.
     */
    public static List<String> sliceLabels(ImagePlus imp) {
        check(imp);
        List<String> labels = new ArrayList<>();
        for (int[] czt : positions(imp, Slices.ALL)) {
            int c = imp.isComposite() && ((CompositeImage) imp).getMode() == CompositeImage.COMPOSITE
                    ? visibleChannels((CompositeImage) imp).get(0) : czt[0];
            String label = imp.getStack().getShortSliceLabel(imp.getStackIndex(c, czt[1], czt[2]), Integer.MAX_VALUE);
            labels.add(label == null || label.isBlank() ? null : label.trim());
        }
        return labels;
    }

    private static void check(ImagePlus imp) {
        if (imp == null || imp.getProcessor() == null || imp.getStack().getSize() == 0) {
            throw new IllegalArgumentException("no image to start from: open one (or name an open image's title)");
        }
    }

    private static List<SourceImage> of(ImagePlus imp, Slices slices, boolean[] mask) {
        List<int[]> positions = positions(imp, slices);
        List<SourceImage> sources = new ArrayList<>();
        for (int[] czt : positions) {
            int[] rgb;
            String sha;
            if (imp.isComposite() && ((CompositeImage) imp).getMode() == CompositeImage.COMPOSITE) {
                CompositeImage ci = (CompositeImage) imp;
                List<Integer> visible = visibleChannels(ci);
                rgb = composite(ci, visible, czt[1], czt[2]);
                List<ImageProcessor> planes = new ArrayList<>();
                for (int c : visible) {
                    planes.add(ci.getStack().getProcessor(ci.getStackIndex(c, czt[1], czt[2])));
                }
                sha = PixelDigest.of(planes);
            } else {
                ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(czt[0], czt[1], czt[2]));
                rgb = displayed(ip, currentLut(imp, czt[0]));
                sha = PixelDigest.of(List.of(ip));
            }
            sources.add(new SourceImage(imp.getWidth(), imp.getHeight(), planes(rgb), mask,
                    label(imp, positions.size() > 1, czt), sha, calibration(imp.getCalibration())));
        }
        return sources;
    }

    /** The (c, z, t) positions to process: the current one, or every z and t at the current channel. */
    static List<int[]> positions(ImagePlus imp, Slices slices) {
        List<int[]> out = new ArrayList<>();
        // from the stack index: getSlice() lags behind setSlice() on an image without a window
        int[] current = imp.convertIndexToPosition(imp.getCurrentSlice());
        int c = current[0];
        if (slices == Slices.CURRENT) {
            out.add(current);
            return out;
        }
        for (int t = 1; t <= imp.getNFrames(); t++) {
            for (int z = 1; z <= imp.getNSlices(); z++) {
                out.add(new int[] {c, z, t});
            }
        }
        return out;
    }

    private static List<Integer> visibleChannels(CompositeImage ci) {
        boolean[] active = ci.getActiveChannels();
        List<Integer> visible = new ArrayList<>();
        for (int c = 1; c <= ci.getNChannels(); c++) {
            if (c - 1 < active.length && active[c - 1]) {
                visible.add(c);
            }
        }
        if (visible.isEmpty()) {
            throw new IllegalArgumentException("image '" + ci.getTitle() + "' shows no channel; make at least one"
                    + " visible (Image > Color > Channels Tool)");
        }
        if (visible.size() > 3) {
            throw new IllegalArgumentException("image '" + ci.getTitle() + "' shows " + visible.size()
                    + " channels; NiT starts from RGB, so show at most three (Image > Color > Channels Tool)"
                    + " or make an RGB image first (Image > Color > Stack to RGB)");
        }
        return visible;
    }

    /** ImageJ's composite drawing: each visible channel through its LUT, summed and clipped per colour. */
    private static int[] composite(CompositeImage ci, List<Integer> visible, int z, int t) {
        int[] sum = new int[3 * ci.getWidth() * ci.getHeight()];
        int n = ci.getWidth() * ci.getHeight();
        for (int c : visible) {
            ImageProcessor ip = ci.getStack().getProcessor(ci.getStackIndex(c, z, t));
            int[] rgb = displayed(ip, ci.getChannelLut(c));
            for (int i = 0; i < n; i++) {
                sum[i] += rgb[i] >> 16 & 0xff;
                sum[n + i] += rgb[i] >> 8 & 0xff;
                sum[2 * n + i] += rgb[i] & 0xff;
            }
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.min(255, sum[i]) << 16 | Math.min(255, sum[n + i]) << 8 | Math.min(255, sum[2 * n + i]);
        }
        return out;
    }

    /** The LUT (with display range) the image shows channel {@code c} with; null for RGB. */
    static LUT currentLut(ImagePlus imp, int c) {
        if (imp.getType() == ImagePlus.COLOR_RGB) {
            return null;
        }
        if (imp.isComposite()) {
            CompositeImage ci = (CompositeImage) imp;
            LUT lut = ci.getChannelLut(c);
            return ci.getMode() == CompositeImage.GRAYSCALE ? grey(lut) : lut;
        }
        return imp.getProcessor().getLut();
    }

    private static LUT grey(LUT range) {
        byte[] ramp = new byte[256];
        for (int i = 0; i < 256; i++) {
            ramp[i] = (byte) i;
        }
        LUT lut = new LUT(ramp, ramp, ramp);
        lut.min = range.min;
        lut.max = range.max;
        return lut;
    }

    /** 0xRRGGBB as drawn: the processor (a copy) through the LUT and its display range. */
    private static int[] displayed(ImageProcessor ip, LUT lut) {
        if (ip instanceof ColorProcessor) {
            return ((int[]) ip.getPixels()).clone();
        }
        ImageProcessor copy = ip.duplicate();
        copy.setLut(lut);
        return (int[]) copy.convertToRGB().getPixels();
    }

    /** RGB planes in [-1, 1] by {@link SourceImage#unit}, which 8-bit levels survive exactly. */
    static float[] planes(int[] rgb) {
        int n = rgb.length;
        float[] planes = new float[3 * n];
        for (int i = 0; i < n; i++) {
            planes[i] = SourceImage.unit(rgb[i] >> 16 & 0xff);
            planes[n + i] = SourceImage.unit(rgb[i] >> 8 & 0xff);
            planes[2 * n + i] = SourceImage.unit(rgb[i] & 0xff);
        }
        return planes;
    }

    private static String label(ImagePlus imp, boolean several, int[] czt) {
        if (!several) {
            return imp.getTitle();
        }
        return imp.getTitle() + " (z " + czt[1] + ", t " + czt[2] + ")";
    }

    /** "0.5 x 0.5 um per pixel", or "" when uncalibrated. */
    static String calibration(Calibration cal) {
        if (cal == null || !cal.scaled()) {
            return "";
        }
        return cal.pixelWidth + " x " + cal.pixelHeight + " " + cal.getUnit() + " per pixel";
    }
}
