package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;

/**
 * diffusers' {@code DCUpBlock2d(interpolate=True, shortcut=True)}, doubling the resolution:
 * conv3x3(nearest x2 upsample(x)) plus the parameter-free shortcut
 * pixel_shuffle(repeat_interleave(x, 4 out / in)). The convolution runs at the input's resolution
 * (see {@link UpsampledConv}).
 */
final class UpBlock implements Block {
    private final UpsampledConv conv;
    private final int repeats;

    UpBlock(WeightBinder w, String key, int inChannels, int outChannels) {
        conv = UpsampledConv.bind(w, key + ".conv", inChannels, outChannels);
        repeats = 4 * outChannels / inChannels;
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray y = conv.apply(x);
        try (NDArray shortcut = Scoped.consume(ChannelGroups.repeatInterleave(x, repeats), PixelShuffle::shuffle2)) {
            return y.addi(shortcut);
        }
    }
}
