package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;

/**
 * Hands stored tensors to layers while a network is assembled. The same layer code runs twice:
 * once against a {@link ShapeAudit} that only records what is asked for (so every missing or
 * mis-shaped tensor is reported together, before anything is loaded), then against a binder that
 * really loads. Layers therefore must not compute with what they receive during construction.
 */
abstract class WeightBinder {
    /**
     * The tensor stored under {@code key}, which must have exactly {@code storedShape}, returned
     * with shape {@code usedShape} (same element count), or null during an audit.
     */
    abstract NDArray bind(String key, long[] storedShape, long... usedShape);

    /** A tensor used with the shape it is stored with. */
    final NDArray bind(String key, long... shape) {
        return bind(key, shape, shape);
    }
}
