package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.github.nitfiji.model.Bf16Kernels;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;

/**
 * {@code conv3x3(F.interpolate(x, scale_factor=2, mode="nearest"))} (zero padding 1) computed at
 * the input's resolution, with the same result. In the up-sampled image every input pixel is a 2x2
 * block, so each of the four output phases (row parity a, column parity b) sees only a 2x2
 * neighbourhood of input pixels, and its 3x3 kernel taps that land on the same input pixel can be
 * summed into one: four 2x2 kernels. That is 16 instead of 36 multiply-adds per input pixel and
 * channel pair, and no up-sampled copy of the input.
 *
 * <p>The four folded kernels run as one convolution with 4 x out channels and padding 1, giving
 * an (H+1) x (W+1) map per phase; phase (a, b) is its window starting at (a, b). (This is exact
 * linear algebra on the checkpoint's own 3x3 kernel, not the different "sub-pixel conv" layer.)
 * The kernels are folded once, in float32, when the weights are bound.
 */
final class UpsampledConv {
    /**
     * Which 3x3 kernel rows (or columns) fold into each 2x2 tap, as a [2 phases * 2 taps, 3] 0/1
     * matrix: phase 0 reads input rows (i-1, i) with kernel rows ({0}, {1, 2}), phase 1 reads rows
     * (i, i+1) with ({0, 1}, {2}).
     */
    private static final float[] FOLD = {
        1, 0, 0,
        0, 1, 1,
        1, 1, 0,
        0, 0, 1,
    };
    private static final Shape ONE = new Shape(1, 1);

    private final NDArray folded;
    private final NDArray bias;
    private final Bf16Kernels bf16;
    private final Bf16Kernels.Held bf16Weights;

    /** From kernels already folded by {@link #fold} and the bias repeated for the four phases. */
    UpsampledConv(NDArray folded, NDArray bias) {
        this(folded, bias, null);
    }

    /** As {@link #UpsampledConv(NDArray, NDArray)}, running in bfloat16 when {@code bf16} is not null. */
    UpsampledConv(NDArray folded, NDArray bias, Bf16Kernels bf16) {
        this.folded = folded;
        this.bias = bias;
        this.bf16 = folded != null ? bf16 : null;
        this.bf16Weights = this.bf16 != null ? bf16.hold(folded, bias) : null;
    }

    /** Binds {@code <key>.weight} [out, in, 3, 3] and {@code .bias} [out]; in a dry run only records them. */
    static UpsampledConv bind(WeightBinder w, String key, int in, int out) {
        NDArray weight = w.bind(key + ".weight", out, in, 3, 3);
        NDArray bias = w.bind(key + ".bias", out);
        if (weight == null) {
            return new UpsampledConv(null, null);
        }
        try (NDArray kernel = weight; NDArray perChannel = bias) { // the folded copies replace them
            return new UpsampledConv(Scoped.persistent(fold(kernel)), Scoped.persistent(perChannel.tile(4)), w.bf16());
        }
    }

    /** [out, in, 3, 3] -> [4 out, in, 2, 2]: output channel (2a + b) * out + o is phase (a, b) of channel o. */
    static NDArray fold(NDArray weight) {
        Shape s = weight.getShape();
        long out = s.get(0);
        long in = s.get(1);
        NDManager m = weight.getManager();
        try (NDArray fold = m.create(FOLD, new Shape(4, 3));
             NDArray foldT = fold.transpose();
             NDArray w32 = weight.toType(DataType.FLOAT32, true);
             NDArray kernels = w32.reshape(out * in, 3, 3);
             NDArray rows = fold.matMul(kernels);
             NDArray both = rows.matMul(foldT);
             NDArray phases = both.reshape(out, in, 2, 2, 2, 2);
             NDArray grouped = phases.transpose(2, 4, 0, 1, 3, 5);
             NDArray flat = grouped.reshape(4 * out, in, 2, 2)) {
            return flat.toType(weight.getDataType(), true);
        }
    }

    /**
     * [B, in, H, W] -> [B, out, 2H, 2W], owned by x's manager, assembled channels-last in memory
     * (see {@link ChannelsLast}) at no extra cost, for the convolutions that follow.
     */
    NDArray apply(NDArray x) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        try (NDArray all = bf16Weights != null && x.getDataType() == DataType.FLOAT32
                ? bf16.conv2d(x, bf16Weights, (int) folded.getShape().get(0), 2, 1, 1)
                : Conv2d.conv2d(x, folded, bias, ONE, ONE, ONE, 1).singletonOrThrow();
             NDList phases = all.split(4, 1);
             NDList rows = new NDList(2)) {
            for (int a = 0; a < 2; a++) {
                try (NDList columns = new NDList(2)) {
                    for (int b = 0; b < 2; b++) {
                        try (NDArray window = phases.get(2 * a + b)
                                .get(new NDIndex(":, :, {}:{}, {}:{}", a, a + h, b, b + w))) {
                            columns.add(window.transpose(0, 2, 3, 1)); // [B, H, W, out]
                        }
                    }
                    // [B, H, W, 2 (b), out] is row a of every output pixel pair: [B, H, 2W, out]
                    try (NDArray pairs = NDArrays.stack(columns, 3)) {
                        rows.add(pairs.reshape(batch, h, 2 * w, -1));
                    }
                }
            }
            try (NDArray pairs = NDArrays.stack(rows, 2); // [B, H, 2 (a), 2W, out]
                 NDArray nhwc = pairs.reshape(batch, 2 * h, 2 * w, -1)) {
                return nhwc.transpose(0, 3, 1, 2);
            }
        }
    }
}
