package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.dcae.DcAeImages;

/** One generated image: float RGB planes (about [-1, 1]) cropped to the requested size. */
public final class GeneratedImage {
    public final int width;
    public final int height;
    /** 3 planes of width x height, channel-major (R, G, B), as decoded (about [-1, 1]). */
    public final float[] planes;
    public final int classIndex;
    /** The seed this image was drawn from, or -1 when the noise was supplied. */
    public final long seed;
    /** Offset of the crop inside the decoded 32h x 32w image (centred). */
    public final int cropX;
    public final int cropY;

    GeneratedImage(int width, int height, float[] planes, int classIndex, long seed, int cropX, int cropY) {
        this.width = width;
        this.height = height;
        this.planes = planes;
        this.classIndex = classIndex;
        this.seed = seed;
        this.cropX = cropX;
        this.cropY = cropY;
    }

    /** The same image with other planes of the same size (a selection blended into its source). */
    GeneratedImage withPlanes(float[] other) {
        return new GeneratedImage(width, height, other, classIndex, seed, cropX, cropY);
    }

    /** 0xRRGGBB pixels, each channel trunc(clamp(255 (x + 1) / 2)) as the official code converts. */
    public int[] rgb() {
        return DcAeImages.toRgb8(planes, height, width);
    }

    /** One channel (0 = R) mapped from about [-1, 1] to [0, 1] as float32, for 32-bit output. */
    public float[] unitChannel(int channel) {
        int plane = width * height;
        float[] out = new float[plane];
        for (int i = 0; i < plane; i++) {
            out[i] = (planes[channel * plane + i] + 1f) / 2f;
        }
        return out;
    }
}
