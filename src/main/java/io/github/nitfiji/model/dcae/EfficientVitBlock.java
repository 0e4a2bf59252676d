package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;

/** diffusers' {@code EfficientViTBlock}: multiscale linear attention, then GLUMBConv, each residual. */
final class EfficientVitBlock implements Block {
    private final MultiscaleLinearAttention attention;
    private final GluMbConv feedForward;

    EfficientVitBlock(WeightBinder w, String key, int channels, int headDim, int[] multiscales, NDArray eps,
                      NDArray attentionEps) {
        attention = new MultiscaleLinearAttention(w, key + ".attn", channels, headDim, multiscales, eps, attentionEps);
        feedForward = new GluMbConv(w, key + ".conv_out", channels, eps);
    }

    @Override
    public NDArray forward(NDArray x) {
        return Scoped.consume(attention.forward(x), feedForward::forward);
    }
}
