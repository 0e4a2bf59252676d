package io.github.nitfiji.source;

import io.github.nitfiji.io.OutputPaths;
import io.github.nitfiji.model.LatentSize;
import java.util.List;

/**
 * The image a request starts from: float RGB planes in about [-1, 1] (the DC-AE's range), an
 * optional selection (only its inside is regenerated) and what provenance records about it.
 * Front doors convert their pixels with {@link #unit(double)}, which an 8-bit level survives
 * exactly: a pixel kept from the source converts back to the same level.
 */
public final class SourceImage {
    public final int width;
    public final int height;
    private final float[] planes;
    private final boolean[] selection;
    /** Where it came from (an image title or a file name), for provenance. */
    public final String title;
    /** SHA-256 of the source's own pixel data, hex. */
    public final String pixelsSha256;
    /**
     * The source's spatial calibration as text (e.g. "0.5 um per pixel"), and for a file how its
     * values became RGB (e.g. a 16-bit grey file's display range); "" when there is nothing to say.
     */
    public final String calibration;
    /** The files it was read from (image, mask) with their flags, so no output may replace them. */
    private final List<OutputPaths.Named> files;

    /**
     * @param planes 3 planes of width x height, channel-major (R, G, B), about [-1, 1]; kept, not copied
     * @param selection width x height, row-major, true inside the area to regenerate; null for the whole image
     */
    public SourceImage(int width, int height, float[] planes, boolean[] selection, String title, String pixelsSha256,
                       String calibration) {
        this(width, height, planes, selection, title, pixelsSha256, calibration, List.of());
    }

    /** As above, read from {@code files} (named by the flag or role that gave each, e.g. "--mask"). */
    public SourceImage(int width, int height, float[] planes, boolean[] selection, String title, String pixelsSha256,
                       String calibration, List<OutputPaths.Named> files) {
        String name = title == null ? "the source image" : "source '" + title + "'";
        if (width < LatentSize.MIN_SIDE_PX || height < LatentSize.MIN_SIDE_PX
                || width > LatentSize.MAX_SIDE_PX || height > LatentSize.MAX_SIDE_PX) {
            throw new IllegalArgumentException(name + " is " + width + " x " + height + " px; image-to-image needs "
                    + LatentSize.MIN_SIDE_PX + ".." + LatentSize.MAX_SIDE_PX
                    + " px per side (one latent pixel is 32 px)");
        }
        long plane = (long) width * height;
        if (planes == null || planes.length != 3 * plane) {
            throw new IllegalArgumentException(name + ": expected 3 x " + width + " x " + height + " RGB values, found "
                    + (planes == null ? 0 : planes.length));
        }
        for (float v : planes) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(name + " holds NaN or infinite values; fix or convert it first");
            }
        }
        if (selection != null) {
            if (selection.length != plane) {
                throw new IllegalArgumentException("the selection (mask) of " + name + " has " + selection.length
                        + " pixels but the image has " + width + " x " + height + " = " + plane
                        + "; give a mask of the image's exact size");
            }
            if (!any(selection)) {
                throw new IllegalArgumentException("the selection (mask) of " + name + " is empty: nothing to"
                        + " regenerate; select an area (or give a mask with white pixels)");
            }
        }
        this.width = width;
        this.height = height;
        this.planes = planes;
        this.selection = selection;
        this.title = title == null ? "" : title;
        this.pixelsSha256 = pixelsSha256 == null ? "unknown" : pixelsSha256;
        this.calibration = calibration == null ? "" : calibration;
        this.files = List.copyOf(files);
    }

    /**
     * A level of 0..255 (possibly fractional, e.g. a 16-bit value through its display range) as
     * the DC-AE's [-1, 1]: the centre of the level's bin, (level + 0.5) / 127.5 - 1, so that the
     * official truncating conversion back to 8 bits returns an 8-bit level unchanged.
     */
    public static float unit(double level) {
        return (float) ((level + 0.5) / 127.5 - 1);
    }

    private static boolean any(boolean[] mask) {
        for (boolean b : mask) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** The files the image came from (none for an open image), each with what named it. */
    public List<OutputPaths.Named> files() {
        return files;
    }

    /** The RGB planes (the array itself: do not modify). */
    public float[] planes() {
        return planes;
    }

    /** The selection, or null when the whole image is regenerated (the array itself: do not modify). */
    public boolean[] selection() {
        return selection;
    }

    /** A copy of one channel plane (0 = R), width x height row-major. */
    public float[] rgbPlane(int channel) {
        int plane = width * height;
        return java.util.Arrays.copyOfRange(planes, channel * plane, (channel + 1) * plane);
    }

    /** Whether pixel {@code index} (row-major) is inside the selection (false without one). */
    public boolean selected(int index) {
        return selection != null && selection[index];
    }

    public boolean hasSelection() {
        return selection != null;
    }

    /** The same image with another selection (null for none). */
    public SourceImage withSelection(boolean[] mask) {
        return new SourceImage(width, height, planes, mask, title, pixelsSha256, calibration, files);
    }

    /** This image resampled to {@code w x h} ({@link Resampling}); refuses a selection, which would be resampled too. */
    public SourceImage resizedTo(int w, int h) {
        if (selection != null) {
            throw new IllegalArgumentException("refining to a larger size regenerates the whole image; remove the"
                    + " selection (or the mask) of source '" + title + "' first");
        }
        if (w == width && h == height) {
            return this;
        }
        return new SourceImage(w, h, Resampling.lanczos3(planes, 3, width, height, w, h), null, title, pixelsSha256,
                calibration, files);
    }
}
