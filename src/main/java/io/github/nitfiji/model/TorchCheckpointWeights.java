package io.github.nitfiji.model;

import io.github.nitfiji.io.TorchCheckpoint;

/** Weights read from an open PyTorch {@code .bin} checkpoint (official key names, as a state dict). */
public final class TorchCheckpointWeights extends TensorFileWeights {
    public TorchCheckpointWeights(TorchCheckpoint file) {
        super(file);
    }
}
