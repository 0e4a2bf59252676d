package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.io.TensorFile;
import io.github.nitfiji.io.TensorInfo;
import java.io.IOException;
import java.util.Set;

/**
 * Weights read from an open checkpoint file (official key names), the same for every file format:
 * shapes and dtypes from the file's header, each tensor loaded when asked for.
 */
public abstract class TensorFileWeights implements WeightSource {
    private final TensorFile file;

    protected TensorFileWeights(TensorFile file) {
        this.file = file;
    }

    @Override
    public final String describe() {
        return "weights file " + file.path();
    }

    @Override
    public final Set<String> keys() {
        return file.tensors().keySet();
    }

    @Override
    public final long[] shape(String key) {
        TensorInfo info = file.tensors().get(key);
        return info == null ? null : info.shape();
    }

    @Override
    public final boolean isFloating(String key) {
        return file.tensors().get(key).dtype().isFloating();
    }

    @Override
    public final NDArray load(String key, NDManager manager, DataType type) throws IOException {
        return file.load(key, manager, type);
    }
}
