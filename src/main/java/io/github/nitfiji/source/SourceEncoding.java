package io.github.nitfiji.source;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.dcae.TiledEncoder;
import io.github.nitfiji.pipeline.Pipeline;

/**
 * A source image on NiT's latent grid: reflect-padded to the covering grid, placed where the
 * decoded result is cropped (centred, as {@link Pipeline} crops text-to-image results), encoded
 * and multiplied by the DC-AE scaling factor (the inverse of what precedes decoding).
 */
public final class SourceEncoding {
    private static final int PX = LatentSize.PIXELS_PER_LATENT;

    private SourceEncoding() {
    }

    /** The covering latent grid of a w x h image. */
    public static LatentSize gridOf(int width, int height) {
        return new LatentSize((height + PX - 1) / PX, (width + PX - 1) / PX);
    }

    /**
     * The source as 32h x 32w planes: the image at offset ((32w - W) / 2, (32h - H) / 2), the border
     * filled by mirroring it without repeating the edge (numpy's "reflect"). Sources are at least
     * 32 px, and the border at most 16 px per side, so one reflection always suffices.
     */
    static float[] reflectPadded(SourceImage source, LatentSize grid) {
        int fullW = grid.width * PX;
        int fullH = grid.height * PX;
        int left = (fullW - source.width) / 2;
        int top = (fullH - source.height) / 2;
        float[] in = source.planes();
        float[] out = new float[3 * fullW * fullH];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < fullH; y++) {
                int sy = reflect(y - top, source.height);
                int from = (c * source.height + sy) * source.width;
                int to = (c * fullH + y) * fullW;
                for (int x = 0; x < fullW; x++) {
                    out[to + x] = in[from + reflect(x - left, source.width)];
                }
            }
        }
        return out;
    }

    private static int reflect(int i, int length) {
        if (i < 0) {
            return -i;
        }
        return i >= length ? 2 * (length - 1) - i : i;
    }

    /**
     * Encodes the source: tokens [h * w, channels] row-major, scaled (x0 = scaling factor x encoder
     * output), the layout the sampler works in.
     */
    public static float[] encode(SourceImage source, LatentSize grid, TiledEncoder encoder, double scalingFactor,
                          NDManager manager) {
        try (NDManager run = manager.newSubManager()) {
            NDArray image = run.create(reflectPadded(source, grid), new Shape(1, 3, grid.height * PX, grid.width * PX));
            NDArray latent = encoder.encode(image, run);
            return latent.mul(scalingFactor).squeeze(0).transpose(1, 2, 0).toFloatArray();
        }
    }

    /**
     * Per latent pixel, whether it is kept from the source: true unless its 32 x 32 block holds a
     * selected pixel (the selection dilated to whole latent pixels). Null without a selection.
     */
    public static boolean[] keptTokens(SourceImage source, LatentSize grid) {
        boolean[] selection = source.selection();
        if (selection == null) {
            return null;
        }
        int left = (grid.width * PX - source.width) / 2;
        int top = (grid.height * PX - source.height) / 2;
        boolean[] keep = new boolean[grid.tokens()];
        java.util.Arrays.fill(keep, true);
        for (int y = 0; y < source.height; y++) {
            for (int x = 0; x < source.width; x++) {
                if (selection[y * source.width + x]) {
                    keep[(y + top) / PX * grid.width + (x + left) / PX] = false;
                }
            }
        }
        return keep;
    }
}
