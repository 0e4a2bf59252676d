package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import io.github.nitfiji.model.transformer.LinearAdapter;

/**
 * A LoRA adapter (Hu et al. 2021) on one linear layer: {@code W x + (alpha / rank) B (A x)}, with
 * A [rank, in] and B [out, rank]. The low-rank path is computed as two small products rather than
 * merged into W, so training keeps no second copy of the layer's weight alive for backward.
 */
final class LoraAdapter implements LinearAdapter {
    final NDArray a;
    final NDArray b;
    private final NDArray scale;

    /** @param scale alpha / rank, as a scalar array on the adapter's device */
    LoraAdapter(NDArray a, NDArray b, NDArray scale) {
        this.a = a;
        this.b = b;
        this.scale = scale;
    }

    @Override
    public NDArray apply(NDArray input) {
        NDArray down = Linear.linear(input, a).singletonOrThrow();
        return Linear.linear(down, b).singletonOrThrow().mul(scale);
    }
}
