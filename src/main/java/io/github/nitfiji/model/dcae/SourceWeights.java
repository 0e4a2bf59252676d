package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Loads each tensor once, converted to the run's device and precision, into a long-lived manager. */
final class SourceWeights extends WeightBinder {
    private final WeightSource source;
    private final NDManager target;
    private final DataType precision;

    SourceWeights(WeightSource source, NDManager target, DataType precision) {
        this.source = source;
        this.target = target;
        this.precision = precision;
    }

    @Override
    NDArray bind(String key, long[] storedShape, long... usedShape) {
        NDArray stored;
        try {
            stored = source.load(key, target, precision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (new Shape(usedShape).equals(stored.getShape())) {
            return stored;
        }
        // A view; the stored array stays in the manager because on the CPU it may be backed by a
        // Java direct buffer that only that array keeps reachable (closing it would free the data).
        return stored.reshape(usedShape);
    }
}
