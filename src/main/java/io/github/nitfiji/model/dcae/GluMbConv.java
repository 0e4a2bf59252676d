package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;

/**
 * The feed-forward half of an EfficientViT block (diffusers {@code GLUMBConv}, expand ratio 4):
 * 1x1 conv C -> 8C, SiLU, depthwise 3x3, split into (value, gate), value * SiLU(gate),
 * 1x1 conv 4C -> C, RMSNorm, plus the input.
 */
final class GluMbConv implements Block {
    private static final int EXPAND = 4;

    private final ConvLayer inverted;
    private final ConvLayer depthwise;
    private final ConvLayer pointwise;
    private final RmsNorm norm;

    GluMbConv(WeightBinder w, String key, int channels, NDArray eps) {
        int hidden = EXPAND * channels;
        inverted = ConvLayer.conv(w, key + ".conv_inverted", channels, 2 * hidden, 1, 1, 1, true);
        depthwise = ConvLayer.conv(w, key + ".conv_depth", 2 * hidden, 2 * hidden, 3, 1, 2 * hidden, true);
        pointwise = ConvLayer.conv(w, key + ".conv_point", hidden, channels, 1, 1, 1, false);
        norm = RmsNorm.bind(w, key + ".norm", channels, eps);
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray h = Scoped.consume(Activations.siluInPlace(inverted.apply(x)), depthwise::apply);
        NDArray projected;
        // value * SiLU(gate) is written into the value half of the depthwise output, a temporary
        try (NDArray expanded = h; NDList halves = expanded.split(2, 1)) {
            NDArray gate = Activations.siluInPlace(halves.get(1));
            projected = pointwise.apply(halves.get(0).muli(gate));
        }
        return norm.applyInPlace(projected).addi(x);
    }
}
