package io.github.nitfiji.model.tim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.transformer.TrunkOps;
import java.io.IOException;
import java.util.Map;

/**
 * TiM-T2I's cross-attention from image tokens to caption tokens, bound to {@code <prefix>q},
 * {@code kv}, {@code q_norm}, {@code k_norm}, {@code proj}: LayerNorm per head on q and k
 * (affine, eps 1e-5), RoPE on q only (the caption keys are not rotated), no key mask. The keys
 * and values depend only on the caption, so they are computed once per request
 * ({@link #keysValues}) and reused at every step. The attention scale is folded into the q norm.
 */
final class CrossAttention {
    private final int hidden;
    private final int heads;
    private final int headDim;
    private final TrunkOps ops;
    private final NDArray qWeight;
    private final NDArray qBias;
    private final NDArray kvWeight;
    private final NDArray kvBias;
    private final NDArray qNormWeight;
    private final NDArray qNormBias;
    private final NDArray kNormWeight;
    private final NDArray kNormBias;
    private final NDArray qScale;
    private final NDArray projWeight;
    private final NDArray projBias;

    CrossAttention(String prefix, int hidden, int heads, boolean qkNorm, WeightBinder w, TrunkOps ops)
            throws IOException {
        this.hidden = hidden;
        this.heads = heads;
        this.headDim = hidden / heads;
        this.ops = ops;
        qWeight = w.load(prefix + "q.weight");
        qBias = w.load(prefix + "q.bias");
        kvWeight = w.load(prefix + "kv.weight");
        kvBias = w.load(prefix + "kv.bias");
        float attentionScale = (float) (1.0 / Math.sqrt(headDim));
        if (qkNorm) {
            qNormWeight = w.toPrecision(w.loadFloat32(prefix + "q_norm.weight").muli(attentionScale));
            qNormBias = w.toPrecision(w.loadFloat32(prefix + "q_norm.bias").muli(attentionScale));
            kNormWeight = w.load(prefix + "k_norm.weight");
            kNormBias = w.load(prefix + "k_norm.bias");
            qScale = null;
        } else {
            qNormWeight = null;
            qNormBias = null;
            kNormWeight = null;
            kNormBias = null;
            qScale = w.constant(attentionScale);
        }
        projWeight = w.load(prefix + "proj.weight");
        projBias = w.load(prefix + "proj.bias");
    }

    static void expectShapes(Map<String, long[]> m, String prefix, long hidden, long headDim, boolean qkNorm) {
        m.put(prefix + "q.weight", new long[] {hidden, hidden});
        m.put(prefix + "q.bias", new long[] {hidden});
        m.put(prefix + "kv.weight", new long[] {2 * hidden, hidden});
        m.put(prefix + "kv.bias", new long[] {2 * hidden});
        if (qkNorm) {
            m.put(prefix + "q_norm.weight", new long[] {headDim});
            m.put(prefix + "q_norm.bias", new long[] {headDim});
            m.put(prefix + "k_norm.weight", new long[] {headDim});
            m.put(prefix + "k_norm.bias", new long[] {headDim});
        }
        m.put(prefix + "proj.weight", new long[] {hidden, hidden});
        m.put(prefix + "proj.bias", new long[] {hidden});
    }

    /** Normalised keys and values of captions [p, L, D] (already through norm2_t): each [p, heads, L, headDim]. */
    NDArray[] keysValues(NDArray captions) {
        long p = captions.getShape().get(0);
        long length = captions.getShape().get(1);
        NDList kv = Linear.linear(captions, kvWeight, kvBias).singletonOrThrow()
                .reshape(p, length, 2, heads, headDim).split(2, 2);
        NDArray k = kv.get(0).squeeze(2);
        if (kNormWeight != null) {
            k = LayerNorm.layerNorm(k, new Shape(headDim), kNormWeight, kNormBias, 1e-5f).singletonOrThrow();
        }
        NDArray v = kv.get(1).squeeze(2);
        return new NDArray[] {k.transpose(0, 2, 1, 3), v.transpose(0, 2, 1, 3)};
    }

    /**
     * @param h normalised, modulated image tokens [b, n, D]
     * @param rope cos and sin for the image size, each [n, 1, headDim] (applied to q only)
     * @param k keys, v values of each image's caption, [b, heads, L, headDim]
     */
    NDArray forward(NDArray h, NDArray[] rope, NDArray k, NDArray v) {
        long b = h.getShape().get(0);
        long n = h.getShape().get(1);
        NDArray q = Linear.linear(h, qWeight, qBias).singletonOrThrow().reshape(b, n, heads, headDim);
        if (qScale == null) {
            q = LayerNorm.layerNorm(q, new Shape(headDim), qNormWeight, qNormBias, 1e-5f).singletonOrThrow();
        } else {
            q = q.mul(qScale);
        }
        q = ops.rotate(q, rope).transpose(0, 2, 1, 3);
        NDArray out = ops.attend(q, k, v).transpose(0, 2, 1, 3).reshape(b, n, hidden);
        return Linear.linear(out, projWeight, projBias).singletonOrThrow();
    }
}
