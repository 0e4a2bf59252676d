package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** {@code F.interpolate(x, scale_factor=2, mode="nearest")}: every pixel becomes a 2x2 block. */
final class NearestUpsample {
    /** DJL's PyTorch engine numbers interpolation modes from 0 = nearest. */
    private static final int NEAREST = 0;

    private NearestUpsample() {
    }

    /** [B, C, H, W] -> [B, C, 2H, 2W]. */
    static NDArray x2(NDArray x) {
        Shape s = x.getShape();
        return x.getNDArrayInternal().interpolation(new long[] {2 * s.get(2), 2 * s.get(3)}, NEAREST, false);
    }
}
