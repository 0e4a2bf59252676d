package io.github.nitfiji.sampling;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The one noise rule of a request, for every family: image i starts from the CPU noise of seed
 * + i ({@link SeededNoise#INITIAL}) and draws its step noise from its own {@link SeededNoise#SDE}
 * stream, so an image depends on its own seed only, on any device and in any batch; or the noise
 * is supplied (e.g. recorded from the official code), its size and values checked before any
 * network runs. Random seeds are drawn here and nowhere else.
 */
public final class RequestNoise {
    private RequestNoise() {
    }

    /** A random seed a person can read and type, and that macro numbers (doubles) hold exactly. */
    public static long randomSeed() {
        return new SecureRandom().nextInt(Integer.MAX_VALUE);
    }

    /** The seed of each image (seed + i), or -1 for every image when the noise is supplied. */
    public static long[] seeds(long first, int images, boolean supplied) {
        long[] seeds = new long[images];
        for (int i = 0; i < images; i++) {
            seeds[i] = supplied ? -1 : first + i;
        }
        return seeds;
    }

    /**
     * The initial noise of {@code images} images of {@code perImage} values each, images
     * concatenated: the supplied values (checked) or each image's seeded noise.
     */
    public static float[] initial(long first, int images, int perImage, float[] supplied) {
        long expected = (long) images * perImage;
        if (supplied != null) {
            checkLength(supplied, expected, "initial noise", images + " image(s) of " + perImage + " values");
            checkFinite(supplied, "initial noise");
            return supplied;
        }
        float[] noise = new float[Math.toIntExact(expected)];
        for (int i = 0; i < images; i++) {
            new SeededNoise(first + i, SeededNoise.INITIAL).fill(noise, i * perImage, perImage);
        }
        return noise;
    }

    /**
     * The step noise: {@code blocks} supplied blocks of all images' values (checked), or each
     * image's own seeded stream.
     */
    public static SdeNoise steps(long first, int images, int perImage, float[] supplied, long blocks) {
        if (supplied == null) {
            int[] counts = new int[images];
            Arrays.fill(counts, perImage);
            long[] streams = new long[images];
            for (int i = 0; i < images; i++) {
                streams[i] = first + i;
            }
            return new SeededSdeNoise(streams, counts);
        }
        checkLength(supplied, blocks * images * perImage, "step noise", blocks + " step(s) x " + images
                + " image(s) of " + perImage + " values");
        checkFinite(supplied, "step noise");
        return new SuppliedSdeNoise(supplied, images * perImage);
    }

    private static void checkLength(float[] values, long expected, String what, String need) {
        if (values.length != expected) {
            throw new IllegalArgumentException("the supplied " + what + " holds " + values.length + " values; "
                    + need + " need " + expected);
        }
    }

    /** Supplied noise must be finite: a NaN would silently become a black image. */
    private static void checkFinite(float[] values, String what) {
        NonFiniteResultException.checkSupplied(values, what);
    }
}
