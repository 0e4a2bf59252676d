package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.Set;

/**
 * Where a model's named tensors come from: a checkpoint file, arrays already in memory, or random
 * values for benchmarks. Shapes and dtypes are known without loading, so a whole checkpoint can be
 * checked against an architecture ({@link WeightCheck}) before any memory is spent on it.
 */
public interface WeightSource {
    /** Names the source in messages, e.g. "weights file /path/x.safetensors". */
    String describe();

    /** Every key the source holds (so keys an architecture does not use can be reported). */
    Set<String> keys();

    /** The stored shape, or null when the source has no such tensor. */
    long[] shape(String key);

    /** Whether the stored tensor is floating point (only those can become weights). */
    boolean isFloating(String key);

    /** A new array owned by {@code manager}, on its device, converted to {@code type} (a floating type). */
    NDArray load(String key, NDManager manager, DataType type) throws IOException;
}
