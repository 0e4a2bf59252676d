package io.github.nitfiji.model.gemma;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import io.github.nitfiji.model.WeightBinder;
import java.io.IOException;

/**
 * One Gemma-3 decoder layer, bound to {@code model.layers.i.*}: the "sandwich" of four
 * (1 + w) RMSNorms around grouped-query attention (q/k RMSNorm before half-split RoPE, causal,
 * sliding window on local layers) and the GELU-tanh gated MLP. Activations are float32 whatever
 * the weights are held in: Gemma's residual stream is known to leave FP16's range.
 *
 * <p>Folded at load: the norms' (1 + w), and the score scale query_pre_attn_scalar^-1/2 into the
 * q norm (RoPE is linear, so scaling before it is the same).
 */
final class GemmaLayer {
    private final GemmaConfig config;
    private final int index;
    private final NDArray inputNorm;
    private final NDArray postAttentionNorm;
    private final NDArray preFeedforwardNorm;
    private final NDArray postFeedforwardNorm;
    private final NDArray qNorm;
    private final NDArray kNorm;
    private final NDArray qProj;
    private final NDArray kProj;
    private final NDArray vProj;
    private final NDArray oProj;
    private final NDArray gateProj;
    private final NDArray upProj;
    private final NDArray downProj;

    GemmaLayer(GemmaConfig config, int index, WeightBinder w) throws IOException {
        this.config = config;
        this.index = index;
        String p = "model.layers." + index + ".";
        inputNorm = GemmaOps.unitOffsetNorm(w, p + "input_layernorm.weight", 1f);
        postAttentionNorm = GemmaOps.unitOffsetNorm(w, p + "post_attention_layernorm.weight", 1f);
        preFeedforwardNorm = GemmaOps.unitOffsetNorm(w, p + "pre_feedforward_layernorm.weight", 1f);
        postFeedforwardNorm = GemmaOps.unitOffsetNorm(w, p + "post_feedforward_layernorm.weight", 1f);
        qNorm = GemmaOps.unitOffsetNorm(w, p + "self_attn.q_norm.weight",
                (float) (1 / Math.sqrt(config.queryPreAttnScalar)));
        kNorm = GemmaOps.unitOffsetNorm(w, p + "self_attn.k_norm.weight", 1f);
        qProj = w.load(p + "self_attn.q_proj.weight");
        kProj = w.load(p + "self_attn.k_proj.weight");
        vProj = w.load(p + "self_attn.v_proj.weight");
        oProj = w.load(p + "self_attn.o_proj.weight");
        gateProj = w.load(p + "mlp.gate_proj.weight");
        upProj = w.load(p + "mlp.up_proj.weight");
        downProj = w.load(p + "mlp.down_proj.weight");
    }

    boolean isGlobal() {
        return config.isGlobal(index);
    }

    /**
     * @param h residual stream of one sequence's real tokens, [s, hidden], float32
     * @param rope cos and sin [s, headDim] for this layer's base
     * @param mask additive causal (and, on local layers, sliding-window) mask [s, s]
     */
    NDArray forward(NDArray h, NDArray[] rope, NDArray mask) {
        NDArray attended = attention(GemmaOps.rmsNorm(h, inputNorm, config.rmsNormEps), rope, mask);
        h = h.add(GemmaOps.rmsNorm(attended, postAttentionNorm, config.rmsNormEps));
        return feedForward(h);
    }

    /** The MLP half only: what a pad position sees under FlashAttention-2, whose attention output there is 0. */
    NDArray feedForward(NDArray h) {
        NDArray x = GemmaOps.rmsNorm(h, preFeedforwardNorm, config.rmsNormEps);
        NDArray gated = GemmaOps.geluTanh(linear(x, gateProj)).mul(linear(x, upProj));
        return h.add(GemmaOps.rmsNorm(linear(gated, downProj), postFeedforwardNorm, config.rmsNormEps));
    }

    private NDArray attention(NDArray x, NDArray[] rope, NDArray mask) {
        long s = x.getShape().get(0);
        int hd = config.headDim;
        int group = config.heads / config.kvHeads;
        NDArray q = GemmaOps.rmsNorm(linear(x, qProj).reshape(s, config.heads, hd), qNorm, config.rmsNormEps);
        NDArray k = GemmaOps.rmsNorm(linear(x, kProj).reshape(s, config.kvHeads, hd), kNorm, config.rmsNormEps);
        NDArray v = linear(x, vProj).reshape(s, config.kvHeads, hd);
        // [s, heads, hd] -> heads first; query head j uses key/value head j / group, as HF's repeat_kv
        q = GemmaOps.rotateHalfSplit(q, rope).transpose(1, 0, 2).reshape(config.kvHeads, group, s, hd);
        k = GemmaOps.rotateHalfSplit(k, rope).transpose(1, 0, 2).expandDims(1);
        v = v.transpose(1, 0, 2).expandDims(1);
        NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).add(mask).softmax(-1);
        NDArray out = weights.matMul(v).reshape(config.heads, s, hd).transpose(1, 0, 2)
                .reshape(s, (long) config.heads * hd);
        return linear(out, oProj);
    }

    /** x W^T in float32 (weights held in FP16 are widened for the product only). */
    private static NDArray linear(NDArray x, NDArray weight) {
        NDArray w = weight.getDataType() == DataType.FLOAT32 ? weight : weight.toType(DataType.FLOAT32, false);
        return Linear.linear(x, w).singletonOrThrow();
    }
}
