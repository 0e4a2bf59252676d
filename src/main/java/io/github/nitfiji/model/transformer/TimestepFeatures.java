package io.github.nitfiji.model.transformer;

/**
 * Sinusoidal timestep features fed to the t-embedder MLPs (and TiM's Δt-embedder). NiT and TiM
 * feed t in [0, 1] directly (no scaling by 1000, unlike DiT), with cos before sin, computed in
 * float32 as the official code does.
 */
public final class TimestepFeatures {
    public static final int SIZE = 256;
    private static final int HALF = SIZE / 2;
    private static final float[] FREQUENCIES = new float[HALF];

    static {
        for (int i = 0; i < HALF; i++) {
            FREQUENCIES[i] = (float) Math.exp(-Math.log(10000) * (float) i / HALF);
        }
    }

    private TimestepFeatures() {
    }

    /** Features of each t, row after row: [t.length, 256]. */
    public static float[] of(double[] t) {
        float[] out = new float[t.length * SIZE];
        for (int r = 0; r < t.length; r++) {
            float tf = (float) t[r];
            for (int i = 0; i < HALF; i++) {
                float angle = tf * FREQUENCIES[i];
                out[r * SIZE + i] = (float) Math.cos(angle);
                out[r * SIZE + HALF + i] = (float) Math.sin(angle);
            }
        }
        return out;
    }
}
