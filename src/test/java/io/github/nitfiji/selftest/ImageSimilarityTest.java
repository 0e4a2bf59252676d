package io.github.nitfiji.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageSimilarityTest {
    private static float[] noise(long seed, int n, double scale) {
        Random r = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (scale * (2 * r.nextDouble() - 1));
        }
        return out;
    }

    @Test
    void psnrOfAKnownDifference() {
        float[] a = new float[3 * 16 * 16];
        float[] b = new float[a.length];
        Arrays.fill(b, 0.2f); // 0.1 apart on the [0, 1] scale: MSE 0.01, 20 dB
        assertEquals(20.0, ImageSimilarity.psnr(a, b), 1e-5);
        assertEquals(Double.POSITIVE_INFINITY, ImageSimilarity.psnr(a, a.clone()));
        Arrays.fill(b, 3f); // clamped to 1 like an 8-bit image: 0.5 apart, 6.02 dB
        assertEquals(20 * Math.log10(2), ImageSimilarity.psnr(a, b), 1e-6);
    }

    @Test
    void ssimIsOneForEqualImagesAndFallsWithNoiseAndInversion() {
        int h = 24;
        int w = 30;
        float[] image = noise(1, 3 * h * w, 0.9);
        assertEquals(1.0, ImageSimilarity.ssim(image, image.clone(), 3, h, w), 1e-12);
        float[] slightly = image.clone();
        float[] jitter = noise(2, image.length, 0.05);
        float[] inverted = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            slightly[i] += jitter[i];
            inverted[i] = -image[i];
        }
        double near = ImageSimilarity.ssim(slightly, image, 3, h, w);
        assertTrue(near > 0.9 && near < 1, "small noise: " + near);
        assertTrue(ImageSimilarity.ssim(inverted, image, 3, h, w) < 0, "an inverted image correlates negatively");
    }

    @Test
    void refusesMismatchedOrTooSmallImages() {
        assertThrows(IllegalArgumentException.class, () -> ImageSimilarity.psnr(new float[3], new float[4]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageSimilarity.ssim(new float[3 * 8 * 8], new float[3 * 8 * 8], 3, 8, 8));
        assertTrue(e.getMessage().contains("11 x 11"), e.getMessage());
    }
}
