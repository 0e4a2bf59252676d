package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.github.nitfiji.model.Bf16Kernels;
import io.github.nitfiji.model.WeightBinder;

/**
 * A 2-D convolution with zero "same" padding bound to {@code <key>.weight} (and {@code .bias}).
 * Per-pixel {@code nn.Linear} layers also run as 1x1 convolutions, so activations stay NCHW
 * instead of moving channels last and back as diffusers does.
 */
final class ConvLayer {
    private static final Shape ONE = new Shape(1, 1);

    private final NDArray weight;
    private final NDArray bias;
    private final Shape stride;
    private final Shape padding;
    private final int groups;
    /** Dense convolutions of a model bound with bfloat16 kernels run through them (float32 in and out). */
    private final Bf16Kernels bf16;
    private final Bf16Kernels.Held bf16Weights;

    private ConvLayer(NDArray weight, NDArray bias, int kernel, int stride, int groups, Bf16Kernels bf16) {
        this.weight = weight;
        this.bias = bias;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(kernel / 2, kernel / 2);
        this.groups = groups;
        // depthwise and grouped convolutions stay float32: few multiply-adds, memory-bound
        boolean dense = bf16 != null && groups == 1 && weight != null;
        this.bf16 = dense ? bf16 : null;
        this.bf16Weights = dense ? bf16.hold(weight, bias) : null;
    }

    /** {@code nn.Conv2d(in, out, kernel, stride, kernel / 2, groups=groups, bias=bias)}. */
    static ConvLayer conv(WeightBinder w, String key, int in, int out, int kernel, int stride, int groups,
                          boolean bias) {
        NDArray weight = w.bind(key + ".weight", out, in / groups, kernel, kernel);
        NDArray b = bias ? w.bind(key + ".bias", out) : null;
        return new ConvLayer(weight, b, kernel, stride, groups, w.bf16());
    }

    /** {@code nn.Linear(in, out, bias=False)} applied to every pixel; stored as [out, in]. */
    static ConvLayer linear(WeightBinder w, String key, int in, int out) {
        NDArray weight = w.bind(key + ".weight", new long[] {out, in}, out, in, 1, 1);
        return new ConvLayer(weight, null, 1, 1, 1, w.bf16());
    }

    /** The result belongs to x's manager. */
    NDArray apply(NDArray x) {
        if (bf16Weights != null && x.getDataType() == DataType.FLOAT32) {
            return bf16.conv2d(x, bf16Weights, (int) weight.getShape().get(0), (int) weight.getShape().get(2),
                    (int) stride.get(0), (int) padding.get(0));
        }
        return Conv2d.conv2d(x, weight, bias, stride, padding, ONE, groups).singletonOrThrow();
    }
}
