package io.github.nitfiji.model.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.github.nitfiji.model.FusedAttention;
import io.github.nitfiji.model.Gemm;
import io.github.nitfiji.model.WeightBinder;
import java.util.Map;

/**
 * Device-resident constants shared by all blocks of a trunk: the unit affine for the
 * parameter-free LayerNorms, the GELU coefficients and the RoPE pair-swap matrix. Created once so
 * the forward pass makes no host-to-device copies.
 */
public final class TrunkOps {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private final Shape hiddenShape;
    private final NDArray ones;
    private final NDArray zeros;
    private final NDArray geluLinear;
    private final NDArray geluCubic;
    private final NDArray pairSwap;
    private final FusedAttention fused;
    private Map<String, LinearAdapter> adapters = Map.of();

    /** @param fused the fused attention kernel, or null for the eager path */
    public TrunkOps(int hiddenSize, int headDim, WeightBinder w, FusedAttention fused) {
        this.fused = fused;
        hiddenShape = new Shape(hiddenSize);
        ones = w.toPrecision(w.manager().ones(hiddenShape));
        zeros = w.toPrecision(w.manager().zeros(hiddenShape));
        // gelu_tanh(x) = 0.5 x (1 + tanh(z)) = x sigmoid(2z), z = sqrt(2/pi) (x + 0.044715 x^3)
        geluLinear = w.constant((float) (2 * SQRT_2_OVER_PI));
        geluCubic = w.constant((float) (2 * SQRT_2_OVER_PI * 0.044715));
        pairSwap = w.toPrecision(w.manager().create(Rope2d.pairSwap(headDim), new Shape(headDim, headDim)));
    }

    /**
     * From now on, adds {@code adapters.get(layer)} to the output of each linear layer that has one
     * (keyed by checkpoint prefix, e.g. {@code blocks.3.mlp.fc1}); an empty map removes them all.
     */
    public void useAdapters(Map<String, LinearAdapter> adapters) {
        this.adapters = Map.copyOf(adapters);
    }

    /** {@code x W^T + b} of the layer {@code layer} (its checkpoint prefix), plus its adapter if it has one. */
    public NDArray linear(String layer, NDArray x, NDArray weight, NDArray bias) {
        return adapted(layer, x, Linear.linear(x, weight, bias).singletonOrThrow());
    }

    /** As {@link #linear(String, NDArray, NDArray, NDArray)}, the product by {@code gemm} (bfloat16 where bound so). */
    public NDArray linear(String layer, NDArray x, Gemm gemm) {
        return adapted(layer, x, gemm.apply(x));
    }

    private NDArray adapted(String layer, NDArray x, NDArray y) {
        LinearAdapter adapter = adapters.isEmpty() ? null : adapters.get(layer);
        return adapter == null ? y : y.add(adapter.apply(x));
    }

    /** LayerNorm over the hidden size without affine, eps 1e-6. */
    public NDArray normalize(NDArray x) {
        return LayerNorm.layerNorm(x, hiddenShape, ones, zeros, 1e-6f).singletonOrThrow();
    }

    /** GELU with the tanh approximation (not the erf form DJL's Activation.gelu computes). */
    public NDArray geluTanh(NDArray x) {
        NDArray inner = x.mul(x).mul(geluCubic).add(geluLinear);
        NDArray gate = x.mul(inner).getNDArrayInternal().sigmoid();
        return x.mul(gate);
    }

    /** softmax(q k^T) v for q, k, v [b, heads, n, headDim], q pre-scaled; fused when available. */
    public NDArray attend(NDArray q, NDArray k, NDArray v) {
        if (fused != null) {
            return fused.apply(q, k, v);
        }
        return q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1).matMul(v);
    }

    /** Rotates interleaved channel pairs of x [b, n, heads, headDim] by the RoPE table. */
    public NDArray rotate(NDArray x, NDArray[] rope) {
        return x.mul(rope[0]).add(x.matMul(pairSwap).mul(rope[1]));
    }
}
