package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;
import java.util.ArrayList;
import java.util.List;

/**
 * diffusers' {@code SanaMultiscaleLinearAttention} with residual: ReLU linear attention over
 * q/k/v and over their multiscale aggregates (depthwise kxk then grouped 1x1 conv), then
 * {@code to_out}, RMSNorm and the input added back.
 *
 * <p>The head split is the checkpoint's, not the textbook one: [q|k|v|aggregates] is reshaped to
 * [B, heads', 3 * headDim, HW] and each run of 3 * headDim consecutive channels is one head's
 * (q, k, v). Head 0's "key" is therefore to_q's channels headDim..2 headDim. The weights were
 * trained this way, so it is reproduced exactly.
 *
 * <p>The attention itself runs in float32 at any precision (diffusers upcasts for the linear path
 * because the sums over all pixels overflow float16).
 */
final class MultiscaleLinearAttention {
    private static final int[] PIXEL_AXIS = {3};

    private final int headDim;
    private final ConvLayer toQ;
    private final ConvLayer toK;
    private final ConvLayer toV;
    private final List<ConvLayer[]> aggregates = new ArrayList<>();
    private final ConvLayer toOut;
    private final RmsNorm normOut;
    private final NDArray attentionEps;

    /** {@code attentionEps} is the float32 scalar 1e-15 on the device, created once by the weights' owner. */
    MultiscaleLinearAttention(WeightBinder w, String key, int channels, int headDim, int[] multiscales,
                              NDArray eps, NDArray attentionEps) {
        this.headDim = headDim;
        this.attentionEps = attentionEps;
        int heads = channels / headDim;
        int inner = heads * headDim;
        toQ = ConvLayer.linear(w, key + ".to_q", channels, inner);
        toK = ConvLayer.linear(w, key + ".to_k", channels, inner);
        toV = ConvLayer.linear(w, key + ".to_v", channels, inner);
        for (int i = 0; i < multiscales.length; i++) {
            String scale = key + ".to_qkv_multiscale." + i;
            int k = multiscales[i];
            aggregates.add(new ConvLayer[] {
                ConvLayer.conv(w, scale + ".proj_in", 3 * inner, 3 * inner, k, 1, 3 * inner, false),
                ConvLayer.conv(w, scale + ".proj_out", 3 * inner, 3 * inner, 1, 1, 3 * heads, false),
            });
        }
        toOut = ConvLayer.linear(w, key + ".to_out", inner * (1 + multiscales.length), channels);
        normOut = RmsNorm.bind(w, key + ".norm_out", channels, eps);
    }

    /** x [B, C, H, W] -> x + attention(x), owned by x's manager. */
    NDArray forward(NDArray x) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long pixels = s.get(2) * s.get(3);
        NDArray attended;
        try (NDArray all = qkvWithAggregates(x);
             NDArray all32 = all.toType(DataType.FLOAT32, false);
             NDArray grouped = all32.reshape(batch, -1, 3L * headDim, pixels);
             NDList qkv = grouped.split(new long[] {headDim, 2L * headDim}, 2);
             NDArray q = qkv.get(0).getNDArrayInternal().relu();
             NDArray k = qkv.get(1).getNDArrayInternal().relu()) {
            NDArray v = qkv.get(2);
            // diffusers switches on HW > headDim; the goldens exercise both branches.
            try (NDArray out32 = pixels > headDim ? linearAttention(q, k, v) : quadraticAttention(q, k, v);
                 NDArray out = out32.toType(x.getDataType(), false).reshape(batch, -1, s.get(2), s.get(3))) {
                attended = toOut.apply(out);
            }
        }
        return normOut.applyInPlace(attended).addi(x);
    }

    private NDArray qkvWithAggregates(NDArray x) {
        NDList parts = new NDList();
        try (NDList projections = new NDList(toQ.apply(x), toK.apply(x), toV.apply(x))) {
            NDArray qkv = NDArrays.concat(projections, 1);
            parts.add(qkv);
            for (ConvLayer[] aggregate : aggregates) {
                parts.add(Scoped.consume(aggregate[0].apply(qkv), aggregate[1]::apply));
            }
        }
        try (NDList closing = parts) {
            return NDArrays.concat(closing, 1);
        }
    }

    /**
     * out = (v k^T) q / (sum_pixels(k)^T q + eps): diffusers pads v with a row of ones so the same
     * matmuls give the normaliser; k's pixel sum is that row's product, without copying v.
     */
    private NDArray linearAttention(NDArray q, NDArray k, NDArray v) {
        try (NDArray kT = k.transpose(0, 1, 3, 2);
             NDArray vk = v.matMul(kT);
             NDArray numerator = vk.matMul(q);
             NDArray kSum = k.sum(PIXEL_AXIS, true);
             NDArray kSumT = kSum.transpose(0, 1, 3, 2);
             NDArray denominator = kSumT.matMul(q);
             NDArray shifted = denominator.add(attentionEps)) {
            return numerator.div(shifted);
        }
    }

    /** Tiny maps (HW <= headDim): scores = k^T q normalised over keys, out = v scores. */
    private NDArray quadraticAttention(NDArray q, NDArray k, NDArray v) {
        try (NDArray kT = k.transpose(0, 1, 3, 2);
             NDArray scores = kT.matMul(q);
             NDArray total = scores.sum(new int[] {2}, true);
             NDArray shifted = total.add(attentionEps);
             NDArray normalised = scores.div(shifted)) {
            return v.matMul(normalised);
        }
    }
}
