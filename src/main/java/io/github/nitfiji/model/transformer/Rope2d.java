package io.github.nitfiji.model.transformer;

/**
 * The 2D rotary position table NiT was trained with (TiM uses the identical code).
 *
 * <p>The quirk: for token n of an image with h latent rows, the first half of each head uses
 * posA = n mod h and the second half posB = n div h (the official grid is built with
 * meshgrid(arange(h), arange(w), indexing='xy')). For square images that is (column, row); for
 * other shapes it is not, and it must not be "fixed": the weights expect it.
 *
 * <p>Each frequency appears twice, interleaved, matching the rotation of consecutive channel
 * pairs (2k, 2k+1).
 */
public final class Rope2d {
    /** Largest position the official rotary cache covers, so the largest latent side. */
    public static final int MAX_SIDE = 1023;

    private Rope2d() {
    }

    /** cos and sin tables, each [h*w, headDim] row-major; returned as {cos, sin}. */
    public static float[][] table(int h, int w, int headDim) {
        int axisDim = headDim / 2;
        int freqCount = axisDim / 2;
        double[] freq = new double[freqCount];
        for (int j = 0; j < freqCount; j++) {
            float exponent = (float) (2 * j) / axisDim;
            freq[j] = 1.0f / (float) Math.pow(10000f, exponent);
        }
        int n = h * w;
        float[] cos = new float[n * headDim];
        float[] sin = new float[n * headDim];
        for (int token = 0; token < n; token++) {
            int posA = token % h;
            int posB = token / h;
            for (int j = 0; j < freqCount; j++) {
                double a = posA * freq[j];
                double b = posB * freq[j];
                int base = token * headDim;
                for (int k = 0; k < 2; k++) {
                    cos[base + 2 * j + k] = (float) Math.cos(a);
                    sin[base + 2 * j + k] = (float) Math.sin(a);
                    cos[base + axisDim + 2 * j + k] = (float) Math.cos(b);
                    sin[base + axisDim + 2 * j + k] = (float) Math.sin(b);
                }
            }
        }
        return new float[][] {cos, sin};
    }

    /**
     * The matrix P with (x P)[2k] = -x[2k+1] and (x P)[2k+1] = x[2k], so that the rotation is
     * x * cos + (x P) * sin: one small matmul instead of a gather and a stack.
     */
    public static float[] pairSwap(int headDim) {
        float[] p = new float[headDim * headDim];
        for (int k = 0; k < headDim / 2; k++) {
            p[(2 * k + 1) * headDim + 2 * k] = -1f;
            p[(2 * k) * headDim + 2 * k + 1] = 1f;
        }
        return p;
    }
}
