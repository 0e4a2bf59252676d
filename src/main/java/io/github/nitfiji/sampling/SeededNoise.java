package io.github.nitfiji.sampling;

/**
 * The project's documented Gaussian noise, drawn on the CPU so that a seed gives the same image
 * on any device and in any batch.
 *
 * <p>Definition (reproducible in a few lines of any language):
 * <ul>
 *   <li>Generator: SplitMix64. The state starts at {@code mix(seed ^ mix(stream))}; each draw adds
 *       0x9E3779B97F4A7C15 to the state and outputs {@code mix(state)}, where
 *       {@code mix(z) = (z ^ z>>>30) * 0xBF58476D1CE4E5B9; (z ^ z>>>27) * 0x94D049BB133111EB; z ^ z>>>31}.</li>
 *   <li>Uniforms: u = (output >>> 11) * 2^-53, in [0, 1).</li>
 *   <li>Normals, in pairs by Box–Muller from two uniforms u1, u2:
 *       r = sqrt(-2 ln(1 - u1)), z0 = r cos(2 pi u2), z1 = r sin(2 pi u2), emitted z0 then z1,
 *       computed in double and rounded to float.</li>
 *   <li>Streams: {@link #INITIAL} gives an image's starting noise, {@link #SDE} its
 *       Euler–Maruyama draws, step after step. Each image of a request has its own seed.</li>
 *   <li>Layout: values fill the image's tokens row-major, 32 channels per token (the latent
 *       [h*w, 32] layout of the goldens).</li>
 * </ul>
 */
public final class SeededNoise {
    public static final long INITIAL = 0;
    public static final long SDE = 1;

    private long state;
    private double spare;
    private boolean hasSpare;

    public SeededNoise(long seed, long stream) {
        state = mix(seed ^ mix(stream));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private double nextUniform() {
        state += 0x9E3779B97F4A7C15L;
        return (mix(state) >>> 11) * 0x1.0p-53;
    }

    public float nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return (float) spare;
        }
        double r = Math.sqrt(-2 * Math.log(1 - nextUniform()));
        double theta = 2 * Math.PI * nextUniform();
        spare = r * Math.sin(theta);
        hasSpare = true;
        return (float) (r * Math.cos(theta));
    }

    /** Fills {@code out[offset, offset + count)} with the next normals. */
    public void fill(float[] out, int offset, int count) {
        for (int i = 0; i < count; i++) {
            out[offset + i] = nextGaussian();
        }
    }
}
