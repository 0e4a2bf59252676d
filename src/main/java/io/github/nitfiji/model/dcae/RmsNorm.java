package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.WeightBinder;

/**
 * diffusers' {@code RMSNorm(C, eps=1e-5, bias=True)} applied over the channel axis of NCHW maps:
 * x / sqrt(mean_c(x^2) + eps) * weight + bias. The statistics and the division run in float32
 * whatever the precision (as diffusers does); the affine part runs in the weights' precision.
 */
final class RmsNorm {
    private static final int[] CHANNEL_AXIS = {1};

    private final NDArray weight;
    private final NDArray bias;
    private final NDArray eps;

    private RmsNorm(NDArray weight, NDArray bias, NDArray eps) {
        this.weight = weight;
        this.bias = bias;
        this.eps = eps;
    }

    /**
     * Binds {@code <key>.weight} and {@code .bias} ([C] each). {@code eps} is a float32 scalar that
     * lives on the device, created once by the owner of the weights.
     */
    static RmsNorm bind(WeightBinder w, String key, int channels, NDArray eps) {
        long[] stored = {channels};
        NDArray weight = w.bind(key + ".weight", stored, 1, channels, 1, 1);
        NDArray bias = w.bind(key + ".bias", stored, 1, channels, 1, 1);
        return new RmsNorm(weight, bias, eps);
    }

    /** A new array with x's shape and data type, owned by x's manager; x is left open. */
    NDArray apply(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) {
            return applyInPlace(x.duplicate());
        }
        NDArray normalized;
        try (NDArray x32 = x.toType(DataType.FLOAT32, false); NDArray rms = rms(x32)) {
            normalized = x32.divi(rms).toType(x.getDataType(), false);
        }
        return normalized.muli(weight).addi(bias);
    }

    /**
     * As {@link #apply}, but consumes x, a temporary of the caller's: when x is float32 it is
     * normalised in place and returned (saving a full-size copy), otherwise it is closed.
     */
    NDArray applyInPlace(NDArray x) {
        if (x.getDataType() != DataType.FLOAT32) {
            try (NDArray input = x) {
                return apply(input);
            }
        }
        try (NDArray rms = rms(x)) {
            return x.divi(rms).muli(weight).addi(bias);
        }
    }

    /**
     * sqrt(mean_c(x^2) + eps) [B, 1, H, W] of a float32 x, from the channel L2 norm: one pass over
     * x and no full-size temporary (x.square() would be one).
     */
    private NDArray rms(NDArray x32) {
        long channels = x32.getShape().get(1);
        try (NDArray norm = x32.norm(2, CHANNEL_AXIS, true);
             NDArray squares = norm.square()) {
            return squares.divi(channels).addi(eps).sqrt();
        }
    }
}
