package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The two parameter-free channel maps of DC-AE's shortcuts: the decoder widens by repeating each
 * channel (PyTorch {@code repeat_interleave} on dim 1: output channel k is input channel k / r),
 * the encoder narrows by averaging groups of consecutive channels ({@code unflatten(1, (-1, g)).mean(2)}).
 */
final class ChannelGroups {
    private static final int[] GROUP_AXIS = {2};

    private ChannelGroups() {
    }

    /** [B, C, H, W] -> [B, C * repeats, H, W]. */
    static NDArray repeatInterleave(NDArray x, int repeats) {
        return x.repeat(1, repeats);
    }

    /** [B, C, H, W] -> [B, C / groupSize, H, W], each output the mean of groupSize consecutive channels. */
    static NDArray groupMean(NDArray x, int groupSize) {
        Shape s = x.getShape();
        try (NDArray grouped = x.reshape(s.get(0), s.get(1) / groupSize, groupSize, s.get(2), s.get(3))) {
            return grouped.mean(GROUP_AXIS);
        }
    }
}
