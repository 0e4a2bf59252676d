package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.WeightBinder;

/**
 * diffusers' {@code DCUpBlock2d(interpolate=False)}, doubling the resolution:
 * pixel_shuffle(conv3x3(x) to 4 x out channels), plus (with the shortcut) the parameter-free
 * pixel_shuffle(repeat_interleave(x, 4 out / in)). Both terms are pixel-shuffled, a permutation, so
 * they are added first and shuffled once. Without the shortcut it is DC-AE-Lite's output conv.
 */
final class PixelShuffleUpBlock implements Block {
    private final ConvLayer conv;
    private final int repeats;
    private final boolean channelsLast;

    /**
     * {@code shortcut}: the residual up block between stages, assembled channels-last for the
     * ResBlocks that follow; without it, the output conv, handed back in the usual NCHW layout.
     */
    PixelShuffleUpBlock(WeightBinder w, String key, int inChannels, int outChannels, boolean shortcut) {
        conv = ConvLayer.conv(w, key + ".conv", inChannels, 4 * outChannels, 3, 1, 1, true);
        repeats = shortcut ? 4 * outChannels / inChannels : 0;
        channelsLast = shortcut;
    }

    @Override
    public NDArray forward(NDArray x) {
        NDArray y = conv.apply(x);
        if (repeats > 0) {
            try (NDArray shortcut = ChannelGroups.repeatInterleave(x, repeats)) {
                y.addi(shortcut);
            }
        }
        try (NDArray before = y) {
            return channelsLast ? PixelShuffle.shuffle2ChannelsLast(before) : PixelShuffle.shuffle2(before);
        }
    }
}
