package io.github.nitfiji.io;

/**
 * An image file's pixels as RGB in 0..1 (grey replicated), with how its samples were mapped there
 * and the SHA-256 of the samples as stored, for provenance.
 */
public final class DecodedImage {
    public final int width;
    public final int height;
    private final float[] rgb;
    /** Whether the file is grey (one channel): R = G = B. */
    public final boolean grey;
    /**
     * How the stored values became 0..1, for provenance: "" for 8-bit levels (/255, exact), else
     * e.g. "grey 16-bit values 1000..4095 mapped to 0..1 (the data's min..max, Fiji's display range)".
     */
    public final String mapping;
    /**
     * SHA-256 of the samples as stored, hex, hashed as Fiji hashes an open image: 8-bit grey as
     * bytes, 16-bit as big-endian unsigned shorts, 32-bit as big-endian ints or IEEE floats, 8-bit
     * RGB as 0x00RRGGBB ints; 16-bit and float RGB as their samples R, G, B per pixel.
     */
    public final String pixelsSha256;
    /** The kind of file, e.g. "PNG 16-bit", for messages. */
    public final String kind;

    DecodedImage(int width, int height, float[] rgb, boolean grey, String mapping, String pixelsSha256, String kind) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.grey = grey;
        this.mapping = mapping;
        this.pixelsSha256 = pixelsSha256;
        this.kind = kind;
    }

    /** The value of {@code channel} (0 = R) at pixel {@code index} (row-major), 0..1. */
    public float value(int channel, int index) {
        return rgb[channel * width * height + index];
    }

    /** The three planes R, G, B, each width x height row-major, 0..1 (a copy). */
    public float[] planes() {
        return rgb.clone();
    }
}
