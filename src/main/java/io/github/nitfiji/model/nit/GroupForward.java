package io.github.nitfiji.model.nit;

import ai.djl.ndarray.NDArray;

/**
 * Another way to run the whole transformer over one group of same-sized images than the eager
 * DJL ops: a TorchScript module that reuses the transformer's bound weights
 * ({@link NitTransformer#boundWeights()}). The eager path stays the reference.
 */
public interface GroupForward extends AutoCloseable {
    /**
     * @param tokens float32 [b*n, in_channels], the group's images row-major
     * @param siluC conditioning of the group's images, [b, D], in the model's precision
     * @param cos RoPE cosine table for the images' size, [n, 1, head_dim]
     * @param sin RoPE sine table, same shape
     * @return float32 velocity [b*n, in_channels]
     */
    NDArray forward(NDArray tokens, NDArray siluC, NDArray cos, NDArray sin);

    /** For notices and diagnostics, e.g. "scripted forward". */
    String describe();

    @Override
    void close();
}
