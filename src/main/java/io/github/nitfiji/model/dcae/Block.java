package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.dcae.DcAeStages.BlockType;

/**
 * One step of a DC-AE forward pass (a residual block, a 2x resampling block, the stem or the
 * head), run in its own memory scope.
 */
interface Block {
    /** Returns a new array owned by x's manager; x is left open (the caller's scope frees it). */
    NDArray forward(NDArray x);

    /** A stage's residual block as the config names it, bound to {@code key}. */
    static Block ofType(BlockType type, WeightBinder w, String key, int channels, int headDim, int[] multiscales,
                        NDArray normEps, NDArray attentionEps) {
        switch (type) {
            case RES_BLOCK:
                return new ResBlock(w, key, channels, normEps);
            case EFFICIENT_VIT_BLOCK:
                return new EfficientVitBlock(w, key, channels, headDim, multiscales, normEps, attentionEps);
            default:
                throw new IllegalArgumentException("unsupported block type " + type);
        }
    }
}
