package io.github.nitfiji.model;

import io.github.nitfiji.io.SafetensorsFile;

/** Weights read from an open safetensors checkpoint (official key names). */
public final class SafetensorsWeights extends TensorFileWeights {
    public SafetensorsWeights(SafetensorsFile file) {
        super(file);
    }
}
