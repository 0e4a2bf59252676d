package io.github.nitfiji.model.transformer;

import ai.djl.ndarray.NDArray;

/**
 * A trainable addition to one linear layer's output (a LoRA adapter while fine-tuning): the layer
 * computes {@code W x + b + adapter(x)}. Held by {@link TrunkOps} under the layer's checkpoint
 * prefix, e.g. {@code blocks.3.attn.qkv}; layers without one run unchanged.
 */
@FunctionalInterface
public interface LinearAdapter {
    /** The addition for {@code input} [..., in], shaped like the layer's output [..., out]. */
    NDArray apply(NDArray input);
}
