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
    private static final int[] PIXEL_AXIS_TOKENS = {2};

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
        long pixels = s.get(2) * s.get(3);
        NDArray attended;
        try (NDArray all = qkvWithAggregates(x);
             NDArray all32 = all.toType(DataType.FLOAT32, false)) {
            // diffusers switches on HW > headDim; the goldens exercise both branches.
            try (NDArray out32 = pixels > headDim ? linearAttention(all32, s) : quadraticAttention(all32, s);
                 NDArray out = out32.toType(x.getDataType(), false)) {
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
     * out = (v k^T) q / (sum_pixels(k)^T q + eps), computed pixel-major: diffusers pads v with a row of
     * ones so the same matmuls give the normaliser; here k's pixel sum gives it without copying v.
     * The maps arrive channels-last (the up-sampling leaves them so), where [B, H, W, channels] is
     * the memory order: split into heads as [B, pixels, heads', 3 headDim] without a copy, the
     * products run as Q (K^T V) per head, and the result is written back channels-last, so to_out,
     * the RMSNorm, the residual and the GLUMBConv that follow all stay channels-last (an NCHW result
     * here made them switch layouts, the cause of the stage's 2x gap to PyTorch, docs/performance-cpu.md).
     * Head h's (q, k, v) are its 3 headDim consecutive channels, as the checkpoint was trained.
     */
    private NDArray linearAttention(NDArray all32, Shape s) {
        long batch = s.get(0);
        long pixels = s.get(2) * s.get(3);
        try (NDArray nhwc = all32.transpose(0, 2, 3, 1);
             NDArray tokens = nhwc.reshape(batch, pixels, -1, 3L * headDim); // a view when channels-last
             NDArray heads = tokens.transpose(0, 2, 1, 3);                  // [B, heads', pixels, 3 headDim]
             NDList qkv = heads.split(new long[] {headDim, 2L * headDim}, 3);
             NDArray q = qkv.get(0).getNDArrayInternal().relu();
             NDArray k = qkv.get(1).getNDArrayInternal().relu();
             NDArray kT = k.transpose(0, 1, 3, 2);
             NDArray kv = kT.matMul(qkv.get(2));                             // [B, heads', headDim, headDim]
             NDArray numerator = q.matMul(kv);                               // [B, heads', pixels, headDim]
             NDArray kSum = k.sum(PIXEL_AXIS_TOKENS, true);                  // [B, heads', 1, headDim]
             NDArray kSumT = kSum.transpose(0, 1, 3, 2);
             NDArray denominator = q.matMul(kSumT);                          // [B, heads', pixels, 1]
             NDArray shifted = denominator.addi(attentionEps);
             NDArray out = numerator.divi(shifted);
             NDArray pixelMajor = out.transpose(0, 2, 1, 3);                 // [B, pixels, heads', headDim]
             NDArray flat = pixelMajor.reshape(batch, s.get(2), s.get(3), -1)) { // copies in NHWC order
            return flat.transpose(0, 3, 1, 2);
        }
    }

    /** Tiny maps (HW <= headDim): scores = k^T q normalised over keys, out = v scores; NCHW order. */
    private NDArray quadraticAttention(NDArray all32, Shape s) {
        long batch = s.get(0);
        long pixels = s.get(2) * s.get(3);
        try (NDArray grouped = all32.reshape(batch, -1, 3L * headDim, pixels);
             NDList qkv = grouped.split(new long[] {headDim, 2L * headDim}, 2);
             NDArray q = qkv.get(0).getNDArrayInternal().relu();
             NDArray k = qkv.get(1).getNDArrayInternal().relu();
             NDArray kT = k.transpose(0, 1, 3, 2);
             NDArray scores = kT.matMul(q);
             NDArray total = scores.sum(new int[] {2}, true);
             NDArray shifted = total.add(attentionEps);
             NDArray normalised = scores.div(shifted);
             NDArray out = qkv.get(2).matMul(normalised)) {
            return out.reshape(batch, -1, s.get(2), s.get(3));
        }
    }
}
