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
        // float32 throughout, also in a bfloat16 decoder: with bfloat16 1x1 convolutions the tiny
        // golden decode moved 1.2-1.8e-2 from float32 (above the 1e-2 bar), against 7e-3 without
        WeightBinder fp32 = w.withBf16(null);
        attention = new MultiscaleLinearAttention(fp32, key + ".attn", channels, headDim, multiscales, eps, attentionEps);
        feedForward = new GluMbConv(fp32, key + ".conv_out", channels, eps);
    }

    @Override
    public NDArray forward(NDArray x) {
        return Scoped.consume(attention.forward(x), feedForward::forward);
    }
}
