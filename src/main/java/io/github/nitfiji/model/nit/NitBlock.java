package io.github.nitfiji.model.nit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.github.nitfiji.model.WeightBinder;
import java.io.IOException;
import java.util.Arrays;

/**
 * One adaLN-Zero transformer block, bound to the keys {@code blocks.i.*}.
 *
 * <p>Two constants are folded into the weights at load time so the hot path has no scalar ops:
 * the "1 +" of {@code (1 + scale)} goes into the modulation bias, and the attention scale
 * 1/sqrt(head_dim) into the q LayerNorm's affine (RoPE is linear, so it commutes), or, for a
 * model built with {@code qk_norm=false}, into the q rows of the qkv projection.
 */
final class NitBlock {
    private final int hidden;
    private final int heads;
    private final int headDim;
    private final NDArray modulationWeight;
    private final NDArray modulationBias;
    private final NDArray qkvWeight;
    private final NDArray qkvBias;
    private final NDArray qNormWeight;
    private final NDArray qNormBias;
    private final NDArray kNormWeight;
    private final NDArray kNormBias;
    private final NDArray projWeight;
    private final NDArray projBias;
    private final NDArray fc1Weight;
    private final NDArray fc1Bias;
    private final NDArray fc2Weight;
    private final NDArray fc2Bias;
    private final SharedConstants constants;

    NitBlock(NitConfig config, int index, WeightBinder w, SharedConstants constants) throws IOException {
        String p = "blocks." + index + ".";
        this.hidden = config.hiddenSize;
        this.heads = config.numHeads;
        this.headDim = config.headDim();
        this.constants = constants;
        modulationWeight = w.load(p + "adaLN_modulation.1.weight");
        modulationBias = Modulation.foldUnitScale(w, p + "adaLN_modulation.1.bias", 6, new int[] {1, 4});
        float attentionScale = (float) (1.0 / Math.sqrt(headDim));
        if (config.qkNorm) {
            qkvWeight = w.load(p + "attn.qkv.weight");
            qkvBias = w.load(p + "attn.qkv.bias");
            qNormWeight = w.toPrecision(w.loadFloat32(p + "attn.q_norm.weight").muli(attentionScale));
            qNormBias = w.toPrecision(w.loadFloat32(p + "attn.q_norm.bias").muli(attentionScale));
            kNormWeight = w.load(p + "attn.k_norm.weight");
            kNormBias = w.load(p + "attn.k_norm.bias");
        } else {
            qkvWeight = scaleQueryRows(w, p + "attn.qkv.weight", attentionScale);
            qkvBias = scaleQueryRows(w, p + "attn.qkv.bias", attentionScale);
            qNormWeight = null;
            qNormBias = null;
            kNormWeight = null;
            kNormBias = null;
        }
        projWeight = w.load(p + "attn.proj.weight");
        projBias = w.load(p + "attn.proj.bias");
        fc1Weight = w.load(p + "mlp.fc1.weight");
        fc1Bias = w.load(p + "mlp.fc1.bias");
        fc2Weight = w.load(p + "mlp.fc2.weight");
        fc2Bias = w.load(p + "mlp.fc2.bias");
    }

    /** Adds this block's bound arrays to {@code into} under their keys ({@code prefix} = "blocks.i."). */
    void bound(String prefix, java.util.Map<String, NDArray> into) {
        into.put(prefix + "attn.qkv.weight", qkvWeight);
        into.put(prefix + "attn.qkv.bias", qkvBias);
        if (qNormWeight != null) {
            into.put(prefix + "attn.q_norm.weight", qNormWeight);
            into.put(prefix + "attn.q_norm.bias", qNormBias);
            into.put(prefix + "attn.k_norm.weight", kNormWeight);
            into.put(prefix + "attn.k_norm.bias", kNormBias);
        }
        into.put(prefix + "attn.proj.weight", projWeight);
        into.put(prefix + "attn.proj.bias", projBias);
        into.put(prefix + "mlp.fc1.weight", fc1Weight);
        into.put(prefix + "mlp.fc1.bias", fc1Bias);
        into.put(prefix + "mlp.fc2.weight", fc2Weight);
        into.put(prefix + "mlp.fc2.bias", fc2Bias);
        into.put(prefix + "adaLN_modulation.1.weight", modulationWeight);
        into.put(prefix + "adaLN_modulation.1.bias", modulationBias);
    }

    /**
     * @param x tokens of b same-sized images, [b, n, D]
     * @param siluC SiLU of the conditioning of those images, [b, D]
     * @param rope cos and sin tables for the images' size, each [n, 1, headDim]
     */
    NDArray forward(NDArray x, NDArray siluC, NDArray[] rope) {
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        NDList mod = Linear.linear(siluC, modulationWeight, modulationBias).singletonOrThrow()
                .reshape(b, 1, 6L * hidden).split(6, 2);
        NDArray shift1 = mod.get(0);
        NDArray scale1 = mod.get(1);
        NDArray gate1 = mod.get(2);
        NDArray shift2 = mod.get(3);
        NDArray scale2 = mod.get(4);
        NDArray gate2 = mod.get(5);

        NDArray h = constants.normalize(x).mul(scale1).add(shift1);
        NDArray attended = attention(h, b, n, rope);
        x = x.add(attended.mul(gate1));

        h = constants.normalize(x).mul(scale2).add(shift2);
        NDArray mlp = Linear.linear(h, fc1Weight, fc1Bias).singletonOrThrow();
        mlp = Linear.linear(constants.geluTanh(mlp), fc2Weight, fc2Bias).singletonOrThrow();
        return x.add(mlp.mul(gate2));
    }

    private NDArray attention(NDArray h, long b, long n, NDArray[] rope) {
        NDList qkv = Linear.linear(h, qkvWeight, qkvBias).singletonOrThrow()
                .reshape(b, n, 3, heads, headDim).split(3, 2);
        NDArray q = qkv.get(0).squeeze(2);
        NDArray k = qkv.get(1).squeeze(2);
        NDArray v = qkv.get(2).squeeze(2);
        if (qNormWeight != null) {
            Shape headShape = new Shape(headDim);
            q = LayerNorm.layerNorm(q, headShape, qNormWeight, qNormBias, 1e-5f).singletonOrThrow();
            k = LayerNorm.layerNorm(k, headShape, kNormWeight, kNormBias, 1e-5f).singletonOrThrow();
        }
        q = constants.rotate(q, rope).transpose(0, 2, 1, 3);
        k = constants.rotate(k, rope).transpose(0, 2, 1, 3);
        NDArray out = constants.attend(q, k, v.transpose(0, 2, 1, 3)).transpose(0, 2, 1, 3).reshape(b, n, hidden);
        return Linear.linear(out, projWeight, projBias).singletonOrThrow();
    }

    /** Loads the qkv weight or bias [3D, ...] with its first D rows (the q projection) times {@code scale}. */
    private NDArray scaleQueryRows(WeightBinder w, String key, float scale) throws IOException {
        NDArray qkv = w.loadFloat32(key);
        Shape shape = qkv.getShape();
        float[] factors = new float[Math.toIntExact(shape.get(0))];
        Arrays.fill(factors, 1f);
        Arrays.fill(factors, 0, hidden, scale);
        long[] broadcast = new long[shape.dimension()];
        Arrays.fill(broadcast, 1);
        broadcast[0] = factors.length;
        try (NDArray rowFactors = w.manager().create(factors, new Shape(broadcast))) {
            qkv.muli(rowFactors);
        }
        return w.toPrecision(qkv);
    }
}
