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
        NDArray x32 = x.toType(DataType.FLOAT32, false);
        NDArray normalized;
        try (NDArray squares = x32.square();
             NDArray meanSquare = squares.mean(CHANNEL_AXIS, true);
             NDArray shifted = meanSquare.add(eps);
             NDArray rms = shifted.sqrt()) {
            normalized = x32.div(rms);
        } finally {
            if (x32 != x) {
                x32.close();
            }
        }
        if (normalized.getDataType() != x.getDataType()) {
            NDArray narrowed = normalized.toType(x.getDataType(), false);
            normalized.close();
            normalized = narrowed;
        }
        return normalized.muli(weight).addi(bias);
    }
}
