package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;

/** diffusers' DC-AE {@code ResBlock} (sana layout): x + RMSNorm(conv2(SiLU(conv1(x)))), both convs 3x3. */
final class ResBlock implements Block {
    private final ConvLayer conv1;
    private final ConvLayer conv2;
    private final RmsNorm norm;

    ResBlock(WeightBinder w, String key, int channels, NDArray eps) {
        conv1 = ConvLayer.conv(w, key + ".conv1", channels, channels, 3, 1, 1, true);
        conv2 = ConvLayer.conv(w, key + ".conv2", channels, channels, 3, 1, 1, false);
        norm = RmsNorm.bind(w, key + ".norm", channels, eps);
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray h = Scoped.consume(Activations.siluInPlace(conv1.apply(x)), conv2::apply);
        return norm.applyInPlace(h).addi(x);
    }
}
