package io.github.nitfiji.model.dcae;

/** Conversions between DC-AE images (float RGB in about [-1, 1], CHW) and 8-bit pixels. */
public final class DcAeImages {
    private DcAeImages() {
    }

    /**
     * Packs a decoded image into 0xRRGGBB ints (row-major, ImageJ {@code ColorProcessor} layout).
     * Each channel is trunc(clamp(255 (x + 1) / 2, 0, 255)), computed in float32 and truncated
     * as the official NiT sampler does (not rounded).
     *
     * @param chw 3 planes of h * w values, channel-major (the layout of a [3, h, w] array)
     */
    public static int[] toRgb8(float[] chw, int h, int w) {
        int plane = Math.multiplyExact(h, w);
        if (chw.length != 3 * plane) {
            throw new IllegalArgumentException("expected 3 x " + h + " x " + w + " = " + 3L * plane
                    + " values (RGB, channel-major), found " + chw.length);
        }
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = toByte(chw[i]) << 16 | toByte(chw[plane + i]) << 8 | toByte(chw[2 * plane + i]);
        }
        return rgb;
    }

    private static int toByte(float x) {
        float v = 255f * (x + 1f) / 2f;
        return (int) Math.max(0f, Math.min(255f, v));
    }
}
