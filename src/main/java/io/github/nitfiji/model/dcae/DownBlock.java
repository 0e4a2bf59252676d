package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;

/**
 * diffusers' {@code DCDownBlock2d(downsample=False, shortcut=True)} ("Conv" downsampling),
 * halving the resolution: a stride-2 conv3x3 plus the parameter-free shortcut
 * pixel_unshuffle(x) averaged over groups of 4 in / out consecutive channels.
 */
final class DownBlock implements Block {
    private final ConvLayer conv;
    private final int groupSize;

    DownBlock(WeightBinder w, String key, int inChannels, int outChannels) {
        conv = ConvLayer.conv(w, key + ".conv", inChannels, outChannels, 3, 2, 1, true);
        groupSize = 4 * inChannels / outChannels;
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray y = conv.apply(x);
        NDArray unshuffled = PixelShuffle.unshuffle2(x);
        try (NDArray shortcut = Scoped.consume(unshuffled, u -> ChannelGroups.groupMean(u, groupSize))) {
            return y.addi(shortcut);
        }
    }
}
