package io.github.nitfiji.fiji.source;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.source.SourceImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The type of the open image a run starts from, and results made in that type ({@code output=source}):
 * a source shown as one grey (or single-colour) channel gets back its own bit depth, LUT, display
 * range and calibration, each pixel the generated colour's level under that LUT (for a grey LUT
 * the luminance, weighted as ImageJ's RGB-to-grey conversion weights it) mapped back through the
 * display range, so every value lies in the source's display range; a pixel the result kept from
 * the source (outside the selection) gets the source's own value back. An RGB source, or a
 * composite showing several channels, gives RGB. Every result from a source keeps its spatial
 * calibration (scaled when refined to another size).
 */
public final class SourceType {
    private final String title;
    private final int width;
    private final int bitDepth;
    /** The LUT with its display range (lut.min, lut.max) a grey source is shown with; null for RGB results. */
    private final LUT lut;
    private final Calibration calibration;
    /** The source's own pixels at each position started from (grey sources only). */
    private final List<ImageProcessor> originals = new ArrayList<>();
    /** Why a non-RGB source gives RGB (a composite of several channels), or null. */
    private final String rgbBecause;

    private SourceType(ImagePlus imp, FijiSources.Slices slices) {
        title = imp.getTitle();
        width = imp.getWidth();
        calibration = imp.getCalibration().copy();
        int[] current = imp.convertIndexToPosition(imp.getCurrentSlice());
        boolean composite = imp.isComposite() && ((CompositeImage) imp).getMode() == CompositeImage.COMPOSITE
                && ((CompositeImage) imp).getNChannels() > 1;
        if (imp.getType() == ImagePlus.COLOR_RGB || composite) {
            bitDepth = 24;
            lut = null;
            rgbBecause = composite ? "'" + title + "' is a composite of " + imp.getNChannels() + " channels, which an"
                    + " RGB result cannot give back one by one" : null;
            return;
        }
        bitDepth = imp.getBitDepth();
        lut = FijiSources.currentLut(imp, current[0]);
        rgbBecause = null;
        for (int[] czt : FijiSources.positions(imp, slices)) {
            originals.add(imp.getStack().getProcessor(imp.getStackIndex(czt[0], czt[1], czt[2])));
        }
    }

    /** The type of {@code imp} for a run from {@code slices} of it. */
    public static SourceType of(ImagePlus imp, FijiSources.Slices slices) {
        return new SourceType(imp, slices);
    }

    /** Whether {@code output=source} gives the source's own grey type (not RGB). */
    public boolean grey() {
        return lut != null;
    }

    private boolean greyShown() {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        lut.getReds(r);
        lut.getGreens(g);
        lut.getBlues(b);
        return isGrey(r, g, b);
    }

    /** What {@code output} makes from this source, for the dialog and provenance. */
    public String describe(ImageOutput output) {
        String cal = FijiSources.calibration(calibration);
        String kept = cal.isEmpty() ? "" : ", with its calibration (" + cal + ")";
        switch (output) {
            case SOURCE:
                if (!grey()) {
                    return "RGB like '" + title + "'" + kept + (rgbBecause == null ? "" : "; " + rgbBecause);
                }
                return bitDepth + "-bit like '" + title + "': the result's " + (greyShown() ? "luminance" : "level under"
                        + " its LUT") + " in its display range " + number(lut.min) + "-" + number(lut.max) + kept;
            case FLOAT32:
                return "32-bit R, G, B channels" + kept;
            default:
                return "8-bit RGB" + kept;
        }
    }

    /** Puts the source's calibration on {@code result}, its pixel size scaled when the size differs (refined). */
    public void calibrate(ImagePlus result) {
        Calibration c = calibration.copy();
        double scale = (double) width / result.getWidth();
        c.pixelWidth *= scale;
        c.pixelHeight *= scale;
        if (result.getBitDepth() != bitDepth) {
            c.disableDensityCalibration(); // a value function belongs to the source's own values
        }
        result.setCalibration(c);
    }

    /**
     * The images in the source's type, one slice each; image {@code i} came from source
     * {@code i / (images.size() / sources.size())} (each source position makes as many).
     */
    public ImagePlus stack(List<GeneratedImage> images, List<SourceImage> sources, String title, List<String> labels) {
        GeneratedImage first = images.get(0);
        ImageStack stack = new ImageStack(first.width, first.height);
        int perSource = images.size() / sources.size();
        for (int i = 0; i < images.size(); i++) {
            int s = i / perSource;
            stack.addSlice(labels.get(i), grey() ? grey(images.get(i), sources.get(s), originals.get(s))
                    : new ColorProcessor(first.width, first.height, images.get(i).rgb()));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        if (grey()) {
            LUT shown = (LUT) lut.clone();
            imp.getProcessor().setLut(shown);
            imp.setDisplayRange(lut.min, lut.max);
        }
        calibrate(imp);
        return imp;
    }

    private ImageProcessor grey(GeneratedImage image, SourceImage source, ImageProcessor original) {
        int n = image.width * image.height;
        int[] rgb = image.rgb();
        boolean sameGrid = original.getWidth() == image.width && original.getHeight() == image.height;
        int[] kept = sameGrid && source.hasSelection() ? sourceRgb(source) : null;
        double[] weights = ColorProcessor.getWeightingFactors();
        ImageProcessor out = bitDepth == 8 ? new ByteProcessor(image.width, image.height)
                : bitDepth == 16 ? new ShortProcessor(image.width, image.height)
                : new FloatProcessor(image.width, image.height);
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        lut.getReds(r);
        lut.getGreens(g);
        lut.getBlues(b);
        boolean greyLut = isGrey(r, g, b);
        for (int i = 0; i < n; i++) {
            if (kept != null && !source.selected(i) && rgb[i] == kept[i]) {
                out.setf(i, original.getf(i)); // kept from the source: its own value
                continue;
            }
            double level = greyLut ? greyLevel(image, i, n, weights, r) : nearestEntry(rgb[i], r, g, b);
            double value = lut.min + level / 255 * (lut.max - lut.min);
            out.setf(i, (float) (bitDepth == 32 ? value : Math.max(0, Math.min(bitDepth == 8 ? 255 : 65535,
                    Math.rint(value)))));
        }
        return out;
    }

    /** The source's 8-bit RGB as the result's {@link GeneratedImage#rgb} gives back a kept pixel. */
    private static int[] sourceRgb(SourceImage source) {
        int n = source.width * source.height;
        int[] rgb = new int[n];
        for (int c = 0; c < 3; c++) {
            float[] plane = source.rgbPlane(c);
            for (int i = 0; i < n; i++) {
                rgb[i] = rgb[i] << 8 | (int) Math.max(0, Math.min(255, 255 * (plane[i] + 1) / 2));
            }
        }
        return rgb;
    }

    /** Whether a LUT is grey (r = g = b everywhere; ascending or descending). */
    private static boolean isGrey(byte[] r, byte[] g, byte[] b) {
        for (int i = 0; i < 256; i++) {
            if (r[i] != g[i] || r[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** The weighted luminance 0..255 of the result's pixel, as an index into a grey LUT (inverted ones too). */
    private static double greyLevel(GeneratedImage image, int i, int n, double[] weights, byte[] grey) {
        double lum = 0;
        for (int c = 0; c < 3; c++) {
            lum += weights[c] * Math.max(0, Math.min(255, 127.5 * (image.planes[c * n + i] + 1)));
        }
        boolean inverted = (grey[0] & 0xff) > (grey[255] & 0xff);
        return inverted ? 255 - lum : lum;
    }

    /** The index of the LUT entry nearest to a colour (a single-colour LUT: the colour's level). */
    private static int nearestEntry(int rgb, byte[] r, byte[] g, byte[] b) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int k = 0; k < 256; k++) {
            long dr = (rgb >> 16 & 0xff) - (r[k] & 0xff);
            long dg = (rgb >> 8 & 0xff) - (g[k] & 0xff);
            long db = (rgb & 0xff) - (b[k] & 0xff);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
