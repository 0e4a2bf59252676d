package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.NativeOwned;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded random weights of given shapes, for benchmarks of full-size architectures without their
 * multi-GB checkpoints. Not for generation.
 *
 * <p>Values are drawn in Java from a seed per key, so a seed gives the same network on every
 * device and in any loading order. They are scaled like a freshly initialised PyTorch network
 * (std 1/sqrt(fan-in)) so activations stay in range: overflowing or denormal values would distort
 * timings. Vectors are small, except norm scales (a 1-D ".weight"), which are near 1. The draws are
 * uniform with that std rather than normal: as good for timing, and several times faster for the
 * hundreds of millions of values of a NiT-XL.
 */
public final class RandomWeights implements WeightSource {
    private static final double VECTOR_STD = 0.02;

    private final Map<String, long[]> shapes;
    private final long seed;

    public RandomWeights(Map<String, long[]> shapes, long seed) {
        this.shapes = shapes;
        this.seed = seed;
    }

    @Override
    public String describe() {
        return "random weights (seed " + seed + ")";
    }

    @Override
    public Set<String> keys() {
        return shapes.keySet();
    }

    @Override
    public long[] shape(String key) {
        long[] s = shapes.get(key);
        return s == null ? null : s.clone();
    }

    @Override
    public boolean isFloating(String key) {
        return true;
    }

    @Override
    public NDArray load(String key, NDManager manager, DataType type) {
        long[] stored = shapes.get(key);
        Shape shape = new Shape(stored);
        float[] values = new float[Math.toIntExact(shape.size())];
        boolean vector = stored.length <= 1;
        double mean = vector && key.endsWith(".weight") ? 1.0 : 0.0;
        double std = vector ? VECTOR_STD : 1.0 / Math.sqrt((double) shape.size() / stored[0]);
        double halfWidth = std * Math.sqrt(3); // a uniform on [-h, h] has std h / sqrt(3)
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + key.hashCode());
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (mean + halfWidth * (2 * random.nextDouble() - 1));
        }
        NDArray a = manager.create(values, shape);
        if (type == DataType.FLOAT32) {
            return NativeOwned.of(a);
        }
        NDArray converted = a.toType(type, false);
        a.close();
        return converted;
    }
}
