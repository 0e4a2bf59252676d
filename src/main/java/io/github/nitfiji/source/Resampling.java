package io.github.nitfiji.source;

/**
 * Separable Lanczos-3 (and bicubic) resampling of float planes. Lanczos-3 is for refining an image
 * to a larger (or smaller) size before it is encoded. Lanczos keeps edges sharper than bilinear or bicubic, which matters
 * because the DC-AE encodes blur as blur and a low strength cannot fully undo it. When shrinking,
 * the kernel is widened by the scale factor so it also low-passes (no aliasing). Pixel centres
 * are aligned ((x + 0.5) / scale - 0.5) and edges clamp. Bicubic (Keys, a = -0.5, support 2,
 * widened the same way when shrinking) is PIL's {@code Image.resize(..., BICUBIC)}, which the
 * official NiT preprocessing uses to bring training images to their native-resolution size.
 */
public final class Resampling {
    private static final int LOBES = 3;
    private static final double CUBIC_A = -0.5;

    private Resampling() {
    }

    /** Resamples {@code planes} planes of w x h (channel-major, row-major) to outW x outH. */
    static float[] lanczos3(float[] planes, int count, int w, int h, int outW, int outH) {
        return resample(planes, count, w, h, outW, outH, LOBES, Kernel::lanczos);
    }

    /** As {@link #lanczos3}, with the bicubic filter of PIL's {@code BICUBIC}. */
    public static float[] bicubic(float[] planes, int count, int w, int h, int outW, int outH) {
        return resample(planes, count, w, h, outW, outH, 2, Kernel::cubic);
    }

    private static float[] resample(float[] planes, int count, int w, int h, int outW, int outH, double support,
                                    java.util.function.DoubleUnaryOperator filter) {
        float[] rows = new float[count * h * outW];
        Kernel horizontal = new Kernel(w, outW, support, filter);
        for (int p = 0; p < count; p++) {
            for (int y = 0; y < h; y++) {
                horizontal.apply(planes, (p * h + y) * w, 1, rows, (p * h + y) * outW, 1);
            }
        }
        float[] out = new float[count * outH * outW];
        Kernel vertical = new Kernel(h, outH, support, filter);
        for (int p = 0; p < count; p++) {
            for (int x = 0; x < outW; x++) {
                vertical.apply(rows, p * h * outW + x, outW, out, p * outH * outW + x, outW);
            }
        }
        return out;
    }

    /** Precomputed taps (first source index and normalised weights) for each output position of one axis. */
    private static final class Kernel {
        private final int[] first;
        private final double[][] weights;
        private final int inLength;

        Kernel(int inLength, int outLength, double filterSupport, java.util.function.DoubleUnaryOperator filter) {
            this.inLength = inLength;
            double scale = (double) outLength / inLength;
            double stretch = Math.max(1, 1 / scale);
            double support = filterSupport * stretch;
            first = new int[outLength];
            weights = new double[outLength][];
            for (int o = 0; o < outLength; o++) {
                double centre = (o + 0.5) / scale - 0.5;
                int lo = (int) Math.floor(centre - support) + 1;
                int hi = (int) Math.ceil(centre + support) - 1;
                double[] w = new double[hi - lo + 1];
                double sum = 0;
                for (int i = lo; i <= hi; i++) {
                    w[i - lo] = filter.applyAsDouble((i - centre) / stretch);
                    sum += w[i - lo];
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] /= sum;
                }
                first[o] = lo;
                weights[o] = w;
            }
        }

        void apply(float[] in, int inOffset, int inStride, float[] out, int outOffset, int outStride) {
            for (int o = 0; o < first.length; o++) {
                double acc = 0;
                double[] w = weights[o];
                for (int k = 0; k < w.length; k++) {
                    int i = Math.min(inLength - 1, Math.max(0, first[o] + k));
                    acc += w[k] * in[inOffset + i * inStride];
                }
                out[outOffset + o * outStride] = (float) acc;
            }
        }

        private static double cubic(double x) {
            double t = Math.abs(x);
            if (t < 1) {
                return ((CUBIC_A + 2) * t - (CUBIC_A + 3)) * t * t + 1;
            }
            return t < 2 ? (((t - 5) * t + 8) * t - 4) * CUBIC_A : 0;
        }

        private static double lanczos(double x) {
            if (x == 0) {
                return 1;
            }
            if (Math.abs(x) >= LOBES) {
                return 0;
            }
            double px = Math.PI * x;
            return LOBES * Math.sin(px) * Math.sin(px / LOBES) / (px * px);
        }
    }
}
