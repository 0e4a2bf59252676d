package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * Random normal weights of given shapes, drawn on the device, for benchmarks of full-size
 * architectures without their multi-GB checkpoints. Not for generation.
 */
public final class RandomWeights implements WeightSource {
    private final Map<String, long[]> shapes;
    private final float std;

    public RandomWeights(Map<String, long[]> shapes, float std) {
        this.shapes = shapes;
        this.std = std;
    }

    @Override
    public String describe() {
        return "random weights (std " + std + ")";
    }

    @Override
    public long[] shape(String key) {
        long[] s = shapes.get(key);
        return s == null ? null : s.clone();
    }

    @Override
    public NDArray load(String key, NDManager manager, DataType type) {
        NDArray a = manager.randomNormal(0f, std, new Shape(shapes.get(key)), DataType.FLOAT32);
        if (type == DataType.FLOAT32) {
            return a;
        }
        NDArray converted = a.toType(type, false);
        a.close();
        return converted;
    }
}
