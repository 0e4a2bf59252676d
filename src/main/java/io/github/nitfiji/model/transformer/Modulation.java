package io.github.nitfiji.model.transformer;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.WeightBinder;
import java.io.IOException;
import java.util.Arrays;

/** Loading helpers for adaLN modulation layers. */
public final class Modulation {
    private Modulation() {
    }

    /**
     * Loads a modulation bias of {@code chunks} equal parts and adds 1 to the parts that are
     * scales, so that {@code norm(x) * scale + shift} computes {@code norm(x) * (1 + scale) + shift}.
     */
    public static NDArray foldUnitScale(WeightBinder w, String key, int chunks, int[] scaleChunks) throws IOException {
        NDArray bias = w.loadFloat32(key);
        float[] ones = unitScaleOffset(Math.toIntExact(bias.size()), chunks, scaleChunks);
        try (NDArray offset = w.manager().create(ones)) {
            bias.addi(offset);
        }
        return w.toPrecision(bias);
    }

    /**
     * What {@link #foldUnitScale} adds to a bias of {@code size} values: 1 in the scale chunks, 0
     * elsewhere (a trainer subtracts it to get the checkpoint's value back).
     */
    public static float[] unitScaleOffset(int size, int chunks, int[] scaleChunks) {
        int chunk = size / chunks;
        float[] ones = new float[size];
        for (int c : scaleChunks) {
            Arrays.fill(ones, c * chunk, (c + 1) * chunk, 1f);
        }
        return ones;
    }
}
