package io.github.nitfiji.model.dcae;

/**
 * How overlapping tiles cover one axis of a latent, and the blend weight each tile gives each
 * output pixel along that axis.
 *
 * <p>Tiles have a fixed size and are spread evenly, so neighbours overlap by at least the
 * requested overlap. Inside the overlap of two neighbours their weights are a raised-cosine ramp
 * and its mirror image, which sum to 1 and have zero slope at both ends: no visible seam, and the
 * pixels next to a tile's edge (the ones hurt most by the tile's zero padding and by its narrower
 * attention context) get almost no weight. Weights along an image border are 1.
 */
final class TileAxis {
    private final int[] starts;
    private final int tile;
    private final int scale;

    /**
     * @param length latent pixels along the axis
     * @param tile tile size in latent pixels (clipped to {@code length})
     * @param overlap minimum overlap in latent pixels, below {@code tile}
     * @param scale output pixels per latent pixel (32)
     */
    TileAxis(int length, int tile, int overlap, int scale) {
        if (tile < 1 || overlap < 0 || overlap >= tile) {
            throw new IllegalArgumentException("tile " + tile + " and overlap " + overlap
                    + " latent pixels: need tile >= 1 and 0 <= overlap < tile");
        }
        this.tile = Math.min(tile, length);
        this.scale = scale;
        int count = length <= tile ? 1 : 1 + ceilDiv(length - tile, tile - overlap);
        starts = new int[count];
        for (int k = 1; k < count; k++) {
            starts[k] = (int) Math.round((double) k * (length - this.tile) / (count - 1));
        }
    }

    int count() {
        return starts.length;
    }

    /** First latent pixel of tile k. */
    int start(int k) {
        return starts[k];
    }

    /** Tile size in latent pixels (the same for every tile). */
    int size() {
        return tile;
    }

    /** The weight of tile k for each of its output pixels along this axis. */
    float[] weights(int k) {
        int n = tile * scale;
        int rampIn = k == 0 ? 0 : (starts[k - 1] + tile - starts[k]) * scale;
        int rampOut = k == starts.length - 1 ? 0 : (starts[k] + tile - starts[k + 1]) * scale;
        float[] w = new float[n];
        for (int p = 0; p < n; p++) {
            w[p] = (float) (ramp(p, rampIn) * ramp(n - 1 - p, rampOut));
        }
        return w;
    }

    /** Rises from near 0 to 1 over {@code width} pixels; position is counted from the tile's edge. */
    private static double ramp(int position, int width) {
        if (position >= width) {
            return 1;
        }
        double t = (position + 0.5) / width;
        return 0.5 - 0.5 * Math.cos(Math.PI * t);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
