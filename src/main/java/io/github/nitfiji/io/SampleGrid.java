package io.github.nitfiji.io;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The colour samples of a decoded image (grey or R, G, B; alpha left out) and the rules of
 * {@link ImageFileReader} that turn them into 0..1.
 */
final class SampleGrid {
    private final Raster raster;
    private final int width;
    private final int height;
    private final int colours;

    private SampleGrid(Raster raster, int colours) {
        this.raster = raster;
        this.width = raster.getWidth();
        this.height = raster.getHeight();
        this.colours = colours;
    }

    /** Picks the rule for the image's sample type and applies it. */
    static DecodedImage decode(Path file, BufferedImage image, String format) throws ImageFileException {
        ColorModel cm = image.getColorModel();
        int w = image.getWidth();
        int h = image.getHeight();
        String alpha = cm.hasAlpha() ? "; alpha channel ignored" : "";
        if (cm instanceof IndexColorModel) {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            return levels(w, h, argb, format + " with a palette", alpha);
        }
        int colours = cm.getNumColorComponents();
        if (colours != 1 && colours != 3) {
            throw new ImageFileException(file, "has " + colours + " colour channels; only grey and RGB images are"
                    + " read (convert it to RGB first)");
        }
        SampleGrid grid = new SampleGrid(image.getRaster(), colours);
        int type = image.getRaster().getDataBuffer().getDataType();
        int bits = cm.getComponentSize(0);
        String kind = format + " " + (colours == 1 ? "grey" : "RGB") + " ";
        if (type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE) {
            return grid.floats(file, kind + "32-bit float", alpha);
        }
        if (bits <= 8) {
            return grid.scaled((1 << bits) - 1, kind + bits + "-bit", "", alpha);
        }
        if (colours == 3 && bits == 16 && type == DataBuffer.TYPE_USHORT) {
            return grid.scaled(65535, kind + "16-bit", kind + "16-bit values / 65535", alpha);
        }
        return grid.displayRange(kind + bits + "-bit", alpha);
    }

    /** Stored levels over their full scale ({@code max}): 8-bit exactly as stored. */
    private DecodedImage scaled(int max, String kind, String mapping, String alpha) {
        float[][] bands = bands();
        float[] rgb = rgb(bands, 0, 1f / max);
        String hash = max <= 255 ? (colours == 1 ? PixelDigests.bytes(bands[0]) : PixelDigests.rgbInts(bands))
                : PixelDigests.shorts(bands);
        return new DecodedImage(width, height, rgb, colours == 1, note(mapping, alpha), hash, kind);
    }

    /** Linearly from the data's min..max, as Fiji displays grey data of more than 8 bits. */
    private DecodedImage displayRange(String kind, String alpha) {
        float[][] bands = bands();
        double[] range = range(bands);
        float scale = range[1] > range[0] ? (float) (1 / (range[1] - range[0])) : 0f;
        float[] rgb = rgb(bands, (float) range[0], scale);
        boolean wide = raster.getDataBuffer().getDataType() == DataBuffer.TYPE_INT;
        String hash = wide ? PixelDigests.ints(bands) : PixelDigests.shorts(bands);
        return new DecodedImage(width, height, rgb, colours == 1, note(rangeNote(kind, range), alpha), hash, kind);
    }

    /** Float data: kept when within 0..1, else from its min..max; NaN and infinity refused. */
    private DecodedImage floats(Path file, String kind, String alpha) throws ImageFileException {
        float[][] bands = bands();
        for (float[] band : bands) {
            for (int i = 0; i < band.length; i++) {
                if (!Float.isFinite(band[i])) {
                    throw new ImageFileException(file, "holds " + band[i] + " at pixel (" + i % width + ", "
                            + i / width + "); an image to start from needs finite values everywhere (in Fiji:"
                            + " Process > Math > Remove NaNs..., or Image > Adjust > Brightness/Contrast and Apply)");
                }
            }
        }
        double[] range = range(bands);
        String hash = PixelDigests.floats(bands);
        if (range[0] >= 0 && range[1] <= 1) {
            return new DecodedImage(width, height, rgb(bands, 0, 1), colours == 1, note("", alpha), hash, kind);
        }
        float scale = range[1] > range[0] ? (float) (1 / (range[1] - range[0])) : 0f;
        return new DecodedImage(width, height, rgb(bands, (float) range[0], scale), colours == 1,
                note(rangeNote(kind, range), alpha), hash, kind);
    }

    private static String rangeNote(String kind, double[] range) {
        if (range[1] <= range[0]) {
            return kind + ", every value " + number(range[0]) + ": shown black (a constant image has no range)";
        }
        return kind + " values " + number(range[0]) + ".." + number(range[1]) + " mapped to 0..1 (the data's"
                + " min..max: the display range Fiji gives it on opening)";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String note(String mapping, String alpha) {
        return alpha.isEmpty() ? mapping : mapping.isEmpty() ? alpha.substring(2) : mapping + alpha;
    }

    /** Each colour band as floats (ints and shorts are exact in a float up to 2^24). */
    private float[][] bands() {
        float[][] bands = new float[colours][];
        for (int b = 0; b < colours; b++) {
            bands[b] = raster.getSamples(0, 0, width, height, b, new float[width * height]);
        }
        return bands;
    }

    private static double[] range(float[][] bands) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float[] band : bands) {
            for (float v : band) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new double[] {min, max};
    }

    /** Three planes of (v - offset) * scale; grey replicated. */
    private float[] rgb(float[][] bands, float offset, float scale) {
        int n = width * height;
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            float[] band = bands[colours == 1 ? 0 : c];
            for (int i = 0; i < n; i++) {
                out[c * n + i] = Math.min(1f, Math.max(0f, (band[i] - offset) * scale));
            }
        }
        return out;
    }

    /** An image with a palette: its colours as 8-bit levels. */
    private static DecodedImage levels(int w, int h, int[] argb, String kind, String alpha) {
        int n = w * h;
        float[] rgb = new float[3 * n];
        for (int i = 0; i < n; i++) {
            rgb[i] = (argb[i] >> 16 & 0xff) / 255f;
            rgb[n + i] = (argb[i] >> 8 & 0xff) / 255f;
            rgb[2 * n + i] = (argb[i] & 0xff) / 255f;
        }
        return new DecodedImage(w, h, rgb, false, note("", alpha), PixelDigests.rgbInts(argb), kind);
    }
}
