package io.github.nitfiji.model.dcae;

/**
 * Host-side blending of overlapping tiles (decoded images or encoded latents): each tile adds its
 * values times its separable weights, then every pixel is divided by the total weight it got.
 */
final class TileBlend {
    /** One tile's result, [planes, rows.size() * scale, cols.size() * scale] flattened, for tile (i, j). */
    interface TileResult {
        float[] compute(int i, int j);
    }

    private TileBlend() {
    }

    /** The settings a tiled coder checks once: tile and overlap in latent pixels, the memory budget. */
    static void checkSettings(int tile, int overlap, long budgetBytes) {
        if (tile < 1 || overlap < 0 || overlap >= tile) {
            throw new IllegalArgumentException("tile " + tile + " and overlap " + overlap
                    + " latent pixels: need tile >= 1 and 0 <= overlap < tile");
        }
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be positive, found " + budgetBytes + " bytes");
        }
    }

    /**
     * Every tile of the grid {@code rows} x {@code cols}, blended into one [planes, height, width]
     * array; {@code scale} output pixels per step of the axes (their weights are in output pixels).
     */
    static float[] blend(TileAxis rows, TileAxis cols, int planes, int height, int width, int scale,
                         TileResult tiles) {
        float[] out = new float[planes * height * width];
        float[] rowSums = new float[height];
        float[] colSums = new float[width];
        for (int i = 0; i < rows.count(); i++) {
            for (int j = 0; j < cols.count(); j++) {
                float[] wy = rows.weights(i);
                float[] wx = cols.weights(j);
                accumulate(out, tiles.compute(i, j), planes, height, width, rows.start(i) * scale,
                        cols.start(j) * scale, wy, wx);
                if (j == 0) {
                    addInto(rowSums, wy, rows.start(i) * scale);
                }
                if (i == 0) {
                    addInto(colSums, wx, cols.start(j) * scale);
                }
            }
        }
        normalise(out, planes, height, width, rowSums, colSums);
        return out;
    }

    /** image[p, y0 + r, x0 + c] += tile[p, r, c] * wy[r] * wx[c] over all planes p. */
    private static void accumulate(float[] image, float[] tile, int planes, int height, int width, int y0, int x0,
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

    private static void addInto(float[] sums, float[] weights, int offset) {
        for (int k = 0; k < weights.length; k++) {
            sums[offset + k] += weights[k];
        }
    }

    /** The tile grid is a product of two axes, so the total weight at (y, x) is rowSums[y] * colSums[x]. */
    private static void normalise(float[] image, int planes, int height, int width, float[] rowSums,
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
