package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One tensor the optimizer updates: the array the forward reads (it requires gradients) and how it
 * relates to the value a checkpoint stores, {@code value = scale * stored + offset} (the model folds
 * constants into a few weights at load time, see {@code NitParameter}). The optimizer works on
 * stored values, so weight decay and the steps match the official trainer's.
 */
final class TrainedTensor {
    /** Its name in checkpoints and fine-tunes (an official key for full fine-tuning). */
    final String name;
    /** The array the forward reads; long-lived, requires gradients while training. */
    final NDArray value;
    /** The stored shape (may differ from the array's, e.g. [D, C, 1, 1] for a per-token linear). */
    final long[] storedShape;
    final float scale;
    /** Added after scaling, or null for none; shaped like {@link #value}. */
    final NDArray offset;

    TrainedTensor(String name, NDArray value, long[] storedShape, float scale, NDArray offset) {
        this.name = name;
        this.value = value;
        this.storedShape = storedShape.clone();
        this.scale = scale;
        this.offset = offset;
        if (new Shape(storedShape).size() != value.size()) {
            throw new IllegalArgumentException(name + ": stored shape " + new Shape(storedShape) + " does not hold "
                    + value.getShape());
        }
    }

    /** A tensor stored as it is computed with. */
    static TrainedTensor plain(String name, NDArray value) {
        return new TrainedTensor(name, value, value.getShape().getShape(), 1f, null);
    }

    /** The stored value now, (value - offset) / scale, as a new array in the value's manager. */
    NDArray stored() {
        NDArray v = offset == null ? value.duplicate() : value.sub(offset);
        if (scale != 1f) {
            v.divi(scale);
        }
        return v;
    }

    /** The stored value now on the host, row-major in {@link #storedShape}. */
    float[] storedValues() {
        try (NDArray v = stored()) {
            return v.toFloatArray();
        }
    }

    long size() {
        return value.size();
    }
}
