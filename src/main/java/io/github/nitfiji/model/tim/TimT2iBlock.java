package io.github.nitfiji.model.tim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.transformer.SelfAttention;
import io.github.nitfiji.model.transformer.SwiGlu;
import io.github.nitfiji.model.transformer.TrunkOps;
import java.io.IOException;

/**
 * One TiM-T2I block, bound to {@code blocks.i.*}: the C2I block with a cross-attention between
 * self-attention and MLP, so the adaLN SwiGLU gives 9 chunks: shift, scale, gate for
 * self-attention, cross-attention and MLP, in that order. The "1 +" of each scale is folded into
 * the modulation bias at load time.
 */
final class TimT2iBlock {
    private final SwiGlu modulation;
    private final SelfAttention attention;
    private final CrossAttention crossAttention;
    private final SwiGlu mlp;
    private final TrunkOps ops;
    private final boolean distanceAware;

    TimT2iBlock(TimT2iConfig config, int index, WeightBinder w, TrunkOps ops) throws IOException {
        String p = "blocks." + index + ".";
        this.ops = ops;
        this.distanceAware = config.distanceAware;
        modulation = SwiGlu.modulation(p + "adaLN_modulation.", w, 9, new int[] {1, 4, 7});
        attention = new SelfAttention(p + "attn.", config.hiddenSize, config.numHeads, config.qkNorm,
                config.distanceAware, w, ops);
        crossAttention = new CrossAttention(p + "cross_attn.", config.hiddenSize, config.numHeads, config.qkNorm,
                w, ops);
        mlp = SwiGlu.load(p + "mlp.", w);
    }

    /** This block's caption keys and values for captions [p, L, D] from the caption embedder. */
    NDArray[] captionKeysValues(NDArray captionEmbed) {
        return crossAttention.keysValues(ops.normalize(captionEmbed));
    }

    /**
     * @param x tokens of b same-sized images, [b, n, D]
     * @param c conditioning t_emb + Δ_emb, [b, 1, D]
     * @param deltaEmbed the Δt embeddings alone, [b, 1, D]
     * @param rope cos and sin tables for the images' size, each [n, 1, headDim]
     * @param captionKeys, captionValues each image's caption keys and values, [b, heads, L, headDim]
     * @param trace receives "ada", "attn", "cross_attn" and "mlp"
     */
    NDArray forward(NDArray x, NDArray c, NDArray deltaEmbed, NDArray[] rope, NDArray captionKeys,
                    NDArray captionValues, Trace trace) {
        NDArray mod = modulation.forward(c);
        trace.record("ada", mod);
        NDList chunks = mod.split(9, 2);
        NDArray qkvShift = distanceAware ? attention.qkvShift(deltaEmbed) : null;
        NDArray h = ops.normalize(x).mul(chunks.get(1)).add(chunks.get(0));
        NDArray attended = attention.forward(h, rope, qkvShift);
        trace.record("attn", attended);
        x = x.add(attended.mul(chunks.get(2)));
        h = ops.normalize(x).mul(chunks.get(4)).add(chunks.get(3));
        NDArray crossed = crossAttention.forward(h, rope, captionKeys, captionValues);
        trace.record("cross_attn", crossed);
        x = x.add(crossed.mul(chunks.get(5)));
        h = ops.normalize(x).mul(chunks.get(7)).add(chunks.get(6));
        NDArray mlpOut = mlp.forward(h);
        trace.record("mlp", mlpOut);
        return x.add(mlpOut.mul(chunks.get(8)));
    }
}
