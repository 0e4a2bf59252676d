package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;

/** Where a model's named tensors come from: a checkpoint file, or random values for benchmarks. */
public interface WeightSource {
    /** A name for messages, e.g. the file path. */
    String describe();

    /** The tensor's shape, or null when the source has no such tensor. */
    long[] shape(String key);

    /** Creates the tensor in {@code manager} as {@code type} (a floating type). */
    NDArray load(String key, NDManager manager, DataType type) throws IOException;
}
