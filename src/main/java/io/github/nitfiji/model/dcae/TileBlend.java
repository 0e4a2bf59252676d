package io.github.nitfiji.model.dcae;

/**
 * Host-side blending of overlapping tiles (decoded images or encoded latents): each tile adds its
 * values times its separable weights, then every pixel is divided by the total weight it got.
 */
final class TileBlend {
    private TileBlend() {
    }

    /** image[p, y0 + r, x0 + c] += tile[p, r, c] * wy[r] * wx[c] over all planes p. */
    static void accumulate(float[] image, float[] tile, int planes, int height, int width, int y0, int x0,
                           float[] wy, float[] wx) {
        int th = wy.length;
        int tw = wx.length;
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < th; r++) {
                int src = (p * th + r) * tw;
                int dst = (p * height + y0 + r) * width + x0;
                float rowWeight = wy[r];
                for (int c = 0; c < tw; c++) {
                    image[dst + c] += tile[src + c] * rowWeight * wx[c];
                }
            }
        }
    }

    static void addInto(float[] sums, float[] weights, int offset) {
        for (int k = 0; k < weights.length; k++) {
            sums[offset + k] += weights[k];
        }
    }

    /** The tile grid is a product of two axes, so the total weight at (y, x) is rowSums[y] * colSums[x]. */
    static void normalise(float[] image, int planes, int height, int width, float[] rowSums,
                          float[] colSums) {
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < height; y++) {
                int base = (p * height + y) * width;
                for (int x = 0; x < width; x++) {
                    image[base + x] /= rowSums[y] * colSums[x];
                }
            }
        }
    }
}
