package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;

/**
 * diffusers' {@code DCUpBlock2d(interpolate=True, shortcut=True)}, doubling the resolution:
 * conv3x3(nearest x2 upsample(x)) plus the parameter-free shortcut
 * pixel_shuffle(repeat_interleave(x, 4 out / in)).
 */
final class UpBlock implements Block {
    private final ConvLayer conv;
    private final int repeats;

    UpBlock(WeightBinder w, String key, int inChannels, int outChannels) {
        conv = ConvLayer.conv(w, key + ".conv", inChannels, outChannels, 3, 1, 1, true);
        repeats = 4 * outChannels / inChannels;
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray y = Scoped.consume(NearestUpsample.x2(x), conv::apply);
        try (NDArray shortcut = Scoped.consume(ChannelGroups.repeatInterleave(x, repeats), PixelShuffle::shuffle2)) {
            return y.addi(shortcut);
        }
    }
}
