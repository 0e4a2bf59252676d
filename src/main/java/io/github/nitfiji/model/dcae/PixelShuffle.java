package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's {@code pixel_shuffle(x, 2)} and {@code pixel_unshuffle(x, 2)} on NCHW maps:
 * channel 4c + 2i + j at (y, x) is channel c at (2y + i, 2x + j).
 */
final class PixelShuffle {
    private PixelShuffle() {
    }

    /** [B, 4C, H, W] -> [B, C, 2H, 2W]. */
    static NDArray shuffle2(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1) / 4;
        long h = s.get(2);
        long w = s.get(3);
        try (NDArray split = x.reshape(b, c, 2, 2, h, w);
             NDArray interleaved = split.transpose(0, 1, 4, 2, 5, 3)) {
            return interleaved.reshape(b, c, 2 * h, 2 * w);
        }
    }

    /**
     * As {@link #shuffle2}, with the result laid out channels-last in memory (see
     * {@link ChannelsLast}): the same one copy, written in NHWC order.
     */
    static NDArray shuffle2ChannelsLast(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1) / 4;
        long h = s.get(2);
        long w = s.get(3);
        try (NDArray split = x.reshape(b, c, 2, 2, h, w);
             NDArray nhwc = split.transpose(0, 4, 2, 5, 3, 1); // [B, H, 2 (i), W, 2 (j), C]
             NDArray flat = nhwc.reshape(b, 2 * h, 2 * w, c)) {
            return flat.transpose(0, 3, 1, 2);
        }
    }

    /** [B, C, 2H, 2W] -> [B, 4C, H, W]. */
    static NDArray unshuffle2(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2) / 2;
        long w = s.get(3) / 2;
        try (NDArray split = x.reshape(b, c, h, 2, w, 2);
             NDArray grouped = split.transpose(0, 1, 3, 5, 2, 4)) {
            return grouped.reshape(b, 4 * c, h, w);
        }
    }
}
