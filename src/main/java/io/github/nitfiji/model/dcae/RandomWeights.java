package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Seeded random weights for benchmarks, drawn in Java so a seed gives the same network on every
 * device. Scaled like PyTorch's default init (std 1/sqrt(fan-in)) so activations stay in range:
 * overflowing or denormal values would distort timings. Vectors (norm weights and biases) are 1 for
 * norm scales ("weight" of a 1-D tensor) and small otherwise.
 */
final class RandomWeights extends WeightBinder {
    private final NDManager target;
    private final DataType precision;
    private final Random random;

    RandomWeights(NDManager target, DataType precision, long seed) {
        this.target = target;
        this.precision = precision;
        this.random = new Random(seed);
    }

    @Override
    NDArray bind(String key, long[] storedShape, long... usedShape) {
        Shape shape = new Shape(usedShape);
        float[] values = new float[Math.toIntExact(shape.size())];
        boolean vector = storedShape.length == 1;
        boolean normScale = vector && key.endsWith(".weight");
        double std = vector ? 0.02 : 1.0 / Math.sqrt(shape.size() / storedShape[0]);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((normScale ? 1.0 : 0.0) + std * random.nextGaussian());
        }
        NDArray a = target.create(values, shape);
        if (precision == DataType.FLOAT32) {
            return a;
        }
        NDArray converted = a.toType(precision, false);
        a.close();
        return converted;
    }
}
