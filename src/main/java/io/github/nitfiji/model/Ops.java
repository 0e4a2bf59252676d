package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;

/**
 * Activations DJL's eager API lacks, composed from primitives. Scalar constants are passed in
 * as arrays that live on the device, because {@code x.mul(0.5f)} copies a new scalar from the host
 * on every call (a stream stall on GPU).
 */
public final class Ops {
    private Ops() {
    }

    /** SiLU(x) = x * sigmoid(x). */
    public static NDArray silu(NDArray x) {
        try (NDArray s = x.getNDArrayInternal().sigmoid()) {
            return x.mul(s);
        }
    }
}
