package io.github.nitfiji.model.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import io.github.nitfiji.model.Gemm;
import io.github.nitfiji.model.WeightBinder;
import java.io.IOException;
import java.util.Map;

/**
 * The self-attention of a NiT or TiM block, bound to {@code <prefix>qkv}, {@code q_norm},
 * {@code k_norm}, {@code proj} and (TiM's "distance-aware" variant) {@code qkv_d}: qkv projection,
 * LayerNorm on q and k per head (affine, eps 1e-5; optional), 2D RoPE on q and k, softmax attention, output
 * projection.
 *
 * <p>The attention scale 1/sqrt(head_dim) is folded into the q LayerNorm's affine at load time
 * (RoPE is linear, so it commutes), so the hot path has no scalar op.
 */
public final class SelfAttention {
    private final String prefix;
    private final int hidden;
    private final int heads;
    private final int headDim;
    private final TrunkOps ops;
    private final NDArray qkvWeight;
    private final NDArray qkvBias;
    private final Gemm qkvProjection;
    private final NDArray qkvDeltaWeight;
    private final NDArray qNormWeight;
    private final NDArray qNormBias;
    private final NDArray kNormWeight;
    private final NDArray kNormBias;
    /** Without q/k norm there is no affine to fold the attention scale into. */
    private final NDArray qScale;
    private final NDArray projWeight;
    private final NDArray projBias;
    private final Gemm outProjection;

    /**
     * @param prefix the module's key prefix, e.g. {@code blocks.3.attn.}
     * @param distanceAware whether the module has TiM's bias-free {@code qkv_d} projection
     */
    public SelfAttention(String prefix, int hidden, int heads, boolean qkNorm, boolean distanceAware,
                         WeightBinder w, TrunkOps ops) throws IOException {
        this.prefix = prefix;
        this.hidden = hidden;
        this.heads = heads;
        this.headDim = hidden / heads;
        this.ops = ops;
        qkvWeight = w.load(prefix + "qkv.weight");
        qkvBias = w.load(prefix + "qkv.bias");
        qkvProjection = Gemm.of(w, qkvWeight, qkvBias);
        qkvDeltaWeight = distanceAware ? w.load(prefix + "qkv_d.weight") : null;
        float attentionScale = attentionScale(headDim);
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
        outProjection = Gemm.of(w, projWeight, projBias);
    }

    /**
     * 1/sqrt(head_dim), which the bound {@code q_norm.weight} and {@code q_norm.bias} hold times their
     * checkpoint values (a trainer maps their gradients back through it).
     */
    public static float attentionScale(int headDim) {
        return (float) (1.0 / Math.sqrt(headDim));
    }

    /** Adds the keys and shapes this module reads to {@code m}. */
    public static void expectShapes(Map<String, long[]> m, String prefix, long hidden, long headDim, boolean qkNorm,
                                    boolean distanceAware) {
        m.put(prefix + "qkv.weight", new long[] {3 * hidden, hidden});
        m.put(prefix + "qkv.bias", new long[] {3 * hidden});
        if (distanceAware) {
            m.put(prefix + "qkv_d.weight", new long[] {3 * hidden, hidden});
        }
        if (qkNorm) {
            m.put(prefix + "q_norm.weight", new long[] {headDim});
            m.put(prefix + "q_norm.bias", new long[] {headDim});
            m.put(prefix + "k_norm.weight", new long[] {headDim});
            m.put(prefix + "k_norm.bias", new long[] {headDim});
        }
        m.put(prefix + "proj.weight", new long[] {hidden, hidden});
        m.put(prefix + "proj.bias", new long[] {hidden});
    }

    /**
     * Adds the arrays this module holds to {@code into} under their checkpoint keys (the scripted
     * forward takes them as they are: the q norm's affine already holds the attention scale).
     */
    public void bound(String prefix, Map<String, NDArray> into) {
        into.put(prefix + "qkv.weight", qkvWeight);
        into.put(prefix + "qkv.bias", qkvBias);
        if (qkvDeltaWeight != null) {
            into.put(prefix + "qkv_d.weight", qkvDeltaWeight);
        }
        if (qNormWeight != null) {
            into.put(prefix + "q_norm.weight", qNormWeight);
            into.put(prefix + "q_norm.bias", qNormBias);
            into.put(prefix + "k_norm.weight", kNormWeight);
            into.put(prefix + "k_norm.bias", kNormBias);
        }
        into.put(prefix + "proj.weight", projWeight);
        into.put(prefix + "proj.bias", projBias);
    }

    /** TiM's per-image qkv offset {@code qkv_d(Δ_emb)}, [b, 1, 3D], for {@link #forward}. */
    public NDArray qkvShift(NDArray deltaEmbed) {
        return deltaEmbed.matMul(qkvDeltaWeight.transpose());
    }

    /**
     * @param h normalised, modulated tokens of b same-sized images, [b, n, D]
     * @param rope cos and sin tables for the images' size, each [n, 1, headDim]
     * @param qkvShift null, or {@link #qkvShift} of the images' Δt embeddings
     * @return the projected attention output, [b, n, D]
     */
    public NDArray forward(NDArray h, NDArray[] rope, NDArray qkvShift) {
        long b = h.getShape().get(0);
        long n = h.getShape().get(1);
        NDArray qkv = ops.linear(prefix + "qkv", h, qkvProjection);
        if (qkvShift != null) {
            qkv = qkv.add(qkvShift);
        }
        NDList parts = qkv.reshape(b, n, 3, heads, headDim).split(3, 2);
        NDArray q = parts.get(0).squeeze(2);
        NDArray k = parts.get(1).squeeze(2);
        if (qScale == null) {
            Shape headShape = new Shape(headDim);
            q = LayerNorm.layerNorm(q, headShape, qNormWeight, qNormBias, 1e-5f).singletonOrThrow();
            k = LayerNorm.layerNorm(k, headShape, kNormWeight, kNormBias, 1e-5f).singletonOrThrow();
        } else {
            q = q.mul(qScale);
        }
        NDArray v = parts.get(2).squeeze(2);
        q = ops.rotate(q, rope).transpose(0, 2, 1, 3);
        k = ops.rotate(k, rope).transpose(0, 2, 1, 3);
        NDArray out = ops.attend(q, k, v.transpose(0, 2, 1, 3)).transpose(0, 2, 1, 3).reshape(b, n, hidden);
        return ops.linear(prefix + "proj", out, outProjection);
    }
}
