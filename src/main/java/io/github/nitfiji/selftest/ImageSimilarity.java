package io.github.nitfiji.selftest;

/**
 * PSNR and SSIM between two decoded images, as the image-quality literature reports them: values
 * mapped from the decoder's [-1, 1] to [0, 1] and clamped (what an 8-bit image shows), PSNR over
 * all channels, SSIM (Wang et al. 2004: 11 x 11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03) per
 * channel over the valid windows, averaged over the channels.
 */
public final class ImageSimilarity {
    private static final int RADIUS = 5;
    private static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    private ImageSimilarity() {
    }

    /** Peak signal-to-noise ratio in dB of planes [C * h * w] in [-1, 1]; infinite for equal images. */
    public static double psnr(float[] a, float[] b) {
        checkSizes(a, b, 1, a.length);
        double squares = 0;
        for (int i = 0; i < a.length; i++) {
            double d = unit(a[i]) - unit(b[i]);
            squares += d * d;
        }
        return squares == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(a.length / squares);
    }

    /** Mean SSIM of planes [channels * h * w] in [-1, 1]; 1 for equal images. */
    public static double ssim(float[] a, float[] b, int channels, int height, int width) {
        checkSizes(a, b, channels, height * width);
        if (height < 2 * RADIUS + 1 || width < 2 * RADIUS + 1) {
            throw new IllegalArgumentException("SSIM needs images of at least " + (2 * RADIUS + 1) + " x "
                    + (2 * RADIUS + 1) + " pixels, got " + width + " x " + height);
        }
        double[] window = gaussian();
        double sum = 0;
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            double[] x = unitPlane(a, c * plane, plane);
            double[] y = unitPlane(b, c * plane, plane);
            double[] mx = blur(x, height, width, window);
            double[] my = blur(y, height, width, window);
            double[] xx = blur(product(x, x), height, width, window);
            double[] yy = blur(product(y, y), height, width, window);
            double[] xy = blur(product(x, y), height, width, window);
            double total = 0;
            for (int i = 0; i < mx.length; i++) {
                double vx = xx[i] - mx[i] * mx[i];
                double vy = yy[i] - my[i] * my[i];
                double cov = xy[i] - mx[i] * my[i];
                total += (2 * mx[i] * my[i] + C1) * (2 * cov + C2)
                        / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
            }
            sum += total / mx.length;
        }
        return sum / channels;
    }

    private static double unit(float v) {
        return Math.min(1, Math.max(0, (v + 1) / 2.0));
    }

    private static double[] unitPlane(float[] p, int offset, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = unit(p[offset + i]);
        }
        return out;
    }

    private static double[] product(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * y[i];
        }
        return out;
    }

    private static double[] gaussian() {
        double[] w = new double[2 * RADIUS + 1];
        double total = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            w[i + RADIUS] = Math.exp(-i * i / (2 * SIGMA * SIGMA));
            total += w[i + RADIUS];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        return w;
    }

    /** The separable window's weighted means at every valid position: [(h - 10) * (w - 10)]. */
    private static double[] blur(double[] p, int h, int w, double[] window) {
        int k = window.length;
        int ow = w - k + 1;
        int oh = h - k + 1;
        double[] rows = new double[h * ow];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    s += window[i] * p[y * w + x + i];
                }
                rows[y * ow + x] = s;
            }
        }
        double[] out = new double[oh * ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    s += window[i] * rows[(y + i) * ow + x];
                }
                out[y * ow + x] = s;
            }
        }
        return out;
    }

    private static void checkSizes(float[] a, float[] b, int channels, int plane) {
        if (a.length != b.length || a.length != (long) channels * plane) {
            throw new IllegalArgumentException("images differ in size: " + a.length + " and " + b.length
                    + " values for " + channels + " channels of " + plane + " pixels");
        }
    }
}
