package io.github.nitfiji.train;

import io.github.nitfiji.source.Resampling;

/**
 * The official {@code native_resolution_resize} (NiT {@code projects/preprocess/image_nr_latent_c2i.py}):
 * an image keeps its aspect and, unless it is larger than {@code maxSize}^2 pixels, its size;
 * each side is floored to a multiple of 32 (one latent pixel); a larger image is first scaled to
 * an area of maxSize^2 keeping its aspect. Bicubic. The official code turns an image narrower
 * than 32 px into 32 px by upscaling; here such an image is refused ({@link #check}), since a
 * fine-tune on a blown-up thumbnail learns blur.
 */
public final class NativeResolution {
    /** Pixels per latent pixel, and the smallest side. */
    public static final int UNIT = 32;

    final int minSize;
    final int maxSize;

    /**
     * @param minSize the smallest side accepted, in pixels (at least 32)
     * @param maxSize images above maxSize^2 pixels are scaled to that area (the official max_image_size)
     */
    public NativeResolution(int minSize, int maxSize) {
        if (minSize < UNIT || maxSize < minSize) {
            throw new IllegalArgumentException("sizes must satisfy 32 <= --min-size <= --max-size, found " + minSize
                    + " and " + maxSize);
        }
        this.minSize = minSize;
        this.maxSize = maxSize;
    }

    /** Null when a w x h image can be used, else why not (for the message that names the file). */
    String check(int width, int height) {
        if (width < minSize || height < minSize) {
            return "is " + width + " x " + height + " px, below the smallest side of " + minSize
                    + " px (one latent pixel is 32 px); use a larger image or lower --min-size (at least 32)";
        }
        return null;
    }

    /** The size a w x h image is resized to: {width, height}, multiples of 32. */
    int[] targetSize(int width, int height) {
        double newW;
        double newH;
        if ((long) width * height < (long) maxSize * maxSize) {
            newW = width;
            newH = height;
        } else {
            newW = Math.sqrt((double) width / height) * maxSize;
            newH = newW * height / width;
        }
        int w = Math.max(1, (int) (newW / UNIT)) * UNIT;
        int h = Math.max(1, (int) (newH / UNIT)) * UNIT;
        return new int[] {w, h};
    }

    /** The image at its native-resolution training size (the same object when no resize is needed). */
    RgbPlanes apply(RgbPlanes image) {
        int[] size = targetSize(image.width, image.height);
        if (size[0] == image.width && size[1] == image.height) {
            return image;
        }
        return new RgbPlanes(size[0], size[1],
                Resampling.bicubic(image.planes, 3, image.width, image.height, size[0], size[1]));
    }

    /** The planes mirrored left to right (the official trainer's horizontal flip). */
    static RgbPlanes flipped(RgbPlanes image) {
        int w = image.width;
        float[] out = new float[image.planes.length];
        for (int row = 0; row < 3 * image.height; row++) {
            for (int x = 0; x < w; x++) {
                out[row * w + x] = image.planes[row * w + w - 1 - x];
            }
        }
        return new RgbPlanes(w, image.height, out);
    }
}
