package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.io.TensorInfo;
import io.github.nitfiji.io.TorchCheckpoint;
import java.io.IOException;
import java.util.Set;

/** Weights read from an open PyTorch {@code .bin} checkpoint (official key names, as a state dict). */
public final class TorchCheckpointWeights implements WeightSource {
    private final TorchCheckpoint file;

    public TorchCheckpointWeights(TorchCheckpoint file) {
        this.file = file;
    }

    @Override
    public String describe() {
        return "weights file " + file.path();
    }

    @Override
    public Set<String> keys() {
        return file.tensors().keySet();
    }

    @Override
    public long[] shape(String key) {
        TensorInfo info = file.tensors().get(key);
        return info == null ? null : info.shape();
    }

    @Override
    public boolean isFloating(String key) {
        return file.tensors().get(key).dtype().isFloating();
    }

    @Override
    public NDArray load(String key, NDManager manager, DataType type) throws IOException {
        return file.load(key, manager, type);
    }
}
