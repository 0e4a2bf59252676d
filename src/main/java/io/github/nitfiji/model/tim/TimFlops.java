package io.github.nitfiji.model.tim;

/**
 * Multiply-adds of one TiM-C2I forward, counted from the architecture: per block the qkv and
 * output projections, the attention products (q k^T and the weighted sum of v, n^2 d each), the
 * SwiGLU MLP, and the per-image conditioning (adaLN SwiGLU, the Δt shift of qkv); the patch
 * embedding and the final linear. The timestep and class embedders (a few per-image linears, under
 * 0.1 % at 256 tokens) and all element-wise work are left out. One multiply-add is two FLOPs.
 */
public final class TimFlops {
    private TimFlops() {
    }

    /** Multiply-adds of one forward of {@code images} images of {@code tokens} tokens each. */
    public static double forwardMacs(TimConfig c, int tokens, int images) {
        double n = tokens;
        double d = c.hiddenSize;
        double h = c.mlpHidden();
        double lora = c.loraHiddenSize;
        double perToken = c.depth * (3 * d * d + d * d + 3 * d * h) + 2 * c.inChannels * d;
        double attention = c.depth * 2 * n * n * d;
        double perImage = c.depth * (2 * d * lora + lora * 6 * d + (c.distanceAware ? 3 * d * d : 0));
        return images * (n * perToken + attention + perImage);
    }
}
