package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
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

    private ConvLayer(NDArray weight, NDArray bias, int kernel, int stride, int groups) {
        this.weight = weight;
        this.bias = bias;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(kernel / 2, kernel / 2);
        this.groups = groups;
    }

    /** {@code nn.Conv2d(in, out, kernel, stride, kernel / 2, groups=groups, bias=bias)}. */
    static ConvLayer conv(WeightBinder w, String key, int in, int out, int kernel, int stride, int groups,
                          boolean bias) {
        NDArray weight = w.bind(key + ".weight", out, in / groups, kernel, kernel);
        NDArray b = bias ? w.bind(key + ".bias", out) : null;
        return new ConvLayer(weight, b, kernel, stride, groups);
    }

    /** {@code nn.Linear(in, out, bias=False)} applied to every pixel; stored as [out, in]. */
    static ConvLayer linear(WeightBinder w, String key, int in, int out) {
        NDArray weight = w.bind(key + ".weight", new long[] {out, in}, out, in, 1, 1);
        return new ConvLayer(weight, null, 1, 1, 1);
    }

    /** The result belongs to x's manager. */
    NDArray apply(NDArray x) {
        return Conv2d.conv2d(x, weight, bias, stride, padding, ONE, groups).singletonOrThrow();
    }
}
