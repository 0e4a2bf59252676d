package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;

/**
 * A linear layer x w^T + b bound to its weights; with a binder that carries {@link Bf16Kernels}
 * (a bfloat16 transformer on a CPU with bfloat16 units) the product runs in bfloat16 with float32
 * in and out, otherwise in the weights' precision.
 */
public final class Gemm {
    private final NDArray weight;
    private final NDArray bias;
    private final Bf16Kernels bf16;
    private final Bf16Kernels.Held held;

    private Gemm(NDArray weight, NDArray bias, Bf16Kernels bf16) {
        this.weight = weight;
        this.bias = bias;
        this.bf16 = weight != null && weight.getDataType() == DataType.FLOAT32 ? bf16 : null;
        this.held = this.bf16 != null ? this.bf16.hold(weight, bias) : null;
    }

    /** {@code weight} [out, in] and {@code bias} [out] (may be null), already bound by {@code w}. */
    public static Gemm of(WeightBinder w, NDArray weight, NDArray bias) {
        return new Gemm(weight, bias, w.bf16());
    }

    /** The result belongs to x's manager. */
    public NDArray apply(NDArray x) {
        if (held != null && x.getDataType() == DataType.FLOAT32) {
            return bf16.linear(x, held, (int) weight.getShape().get(0));
        }
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    public NDArray weight() {
        return weight;
    }

    public NDArray bias() {
        return bias;
    }
}
