package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;

/**
 * In-place activations for the DC-AE blocks, whose activations are temporaries of their own:
 * at 512 x 512 a full-size map is 134 MB and every fresh one costs page faults as well as a pass.
 */
final class Activations {
    private Activations() {
    }

    /** x * sigmoid(x), written into x (which is returned); one temporary instead of two. */
    static NDArray siluInPlace(NDArray x) {
        try (NDArray gate = x.getNDArrayInternal().sigmoid()) {
            return x.muli(gate);
        }
    }
}
