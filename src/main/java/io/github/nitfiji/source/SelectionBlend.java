package io.github.nitfiji.source;

/**
 * Puts a regenerated selection back into the source's pixels with a feathered edge: weight 1 on
 * the selection, falling smoothly (raised cosine) to 0 over {@link #FEATHER_PX} pixels outside
 * it, and beyond that band the source's own values, copied (so they are exact).
 */
public final class SelectionBlend {
    /** Width of the feather band outside the selection, in pixels (half a latent pixel). */
    public static final int FEATHER_PX = 16;

    private SelectionBlend() {
    }

    /**
     * Per pixel, the weight of the generated image: 1 inside, a ramp over the band, 0 beyond.
     * Distances are chamfer distances (steps of 1 and sqrt 2), close enough to Euclidean for a ramp.
     */
    public static float[] weights(boolean[] selection, int width, int height) {
        float far = Float.MAX_VALUE / 4;
        float[] d = new float[width * height];
        for (int i = 0; i < d.length; i++) {
            d[i] = selection[i] ? 0 : far;
        }
        float diagonal = (float) Math.sqrt(2);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (x > 0) {
                    d[i] = Math.min(d[i], d[i - 1] + 1);
                }
                if (y > 0) {
                    d[i] = Math.min(d[i], d[i - width] + 1);
                    if (x > 0) {
                        d[i] = Math.min(d[i], d[i - width - 1] + diagonal);
                    }
                    if (x < width - 1) {
                        d[i] = Math.min(d[i], d[i - width + 1] + diagonal);
                    }
                }
            }
        }
        for (int y = height - 1; y >= 0; y--) {
            for (int x = width - 1; x >= 0; x--) {
                int i = y * width + x;
                if (x < width - 1) {
                    d[i] = Math.min(d[i], d[i + 1] + 1);
                }
                if (y < height - 1) {
                    d[i] = Math.min(d[i], d[i + width] + 1);
                    if (x < width - 1) {
                        d[i] = Math.min(d[i], d[i + width + 1] + diagonal);
                    }
                    if (x > 0) {
                        d[i] = Math.min(d[i], d[i + width - 1] + diagonal);
                    }
                }
            }
        }
        float[] w = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            w[i] = d[i] >= FEATHER_PX ? 0f : (float) (0.5 + 0.5 * Math.cos(Math.PI * d[i] / FEATHER_PX));
        }
        return w;
    }

    /** generated x w + source x (1 - w) per pixel and channel; where w is 0, the source value itself. */
    public static float[] blend(float[] generated, float[] source, float[] weights) {
        int plane = weights.length;
        float[] out = new float[generated.length];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                int k = c * plane + i;
                float w = weights[i];
                out[k] = w == 0f ? source[k] : w == 1f ? generated[k] : w * generated[k] + (1 - w) * source[k];
            }
        }
        return out;
    }
}
