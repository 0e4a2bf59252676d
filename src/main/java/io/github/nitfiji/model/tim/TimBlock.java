package io.github.nitfiji.model.tim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.transformer.SelfAttention;
import io.github.nitfiji.model.transformer.SwiGlu;
import io.github.nitfiji.model.transformer.TrunkOps;
import java.io.IOException;

/**
 * One TiM-C2I block, bound to {@code blocks.i.*}: adaLN from a SwiGLU of c (6 chunks: shift, scale,
 * gate for attention, then for the MLP; no SiLU before it), self-attention with the Δt embedding
 * added into qkv ({@code qkv_d}), SwiGLU MLP. The "1 +" of each scale is folded into the
 * modulation bias at load time.
 */
final class TimBlock {
    private final SwiGlu modulation;
    private final SelfAttention attention;
    private final SwiGlu mlp;
    private final TrunkOps ops;
    private final boolean distanceAware;

    TimBlock(TimConfig config, int index, WeightBinder w, TrunkOps ops) throws IOException {
        String p = "blocks." + index + ".";
        this.ops = ops;
        this.distanceAware = config.distanceAware;
        modulation = SwiGlu.modulation(p + "adaLN_modulation.", w, 6, new int[] {1, 4});
        attention = new SelfAttention(p + "attn.", config.hiddenSize, config.numHeads, config.qkNorm,
                config.distanceAware, w, ops);
        mlp = SwiGlu.load(p + "mlp.", w);
    }

    /**
     * @param x tokens of b same-sized images, [b, n, D]
     * @param c conditioning t_emb + Δ_emb + label_emb, [b, 1, D]
     * @param deltaEmbed the Δt embeddings alone, [b, 1, D]
     * @param rope cos and sin tables for the images' size, each [n, 1, headDim]
     * @param trace receives this block's modulation, attention and MLP outputs as "ada", "attn", "mlp"
     */
    NDArray forward(NDArray x, NDArray c, NDArray deltaEmbed, NDArray[] rope, Trace trace) {
        NDArray mod = modulation.forward(c);
        trace.record("ada", mod);
        NDList chunks = mod.split(6, 2);
        NDArray qkvShift = distanceAware ? attention.qkvShift(deltaEmbed) : null;
        NDArray h = ops.normalize(x).mul(chunks.get(1)).add(chunks.get(0));
        NDArray attended = attention.forward(h, rope, qkvShift);
        trace.record("attn", attended);
        x = x.add(attended.mul(chunks.get(2)));
        h = ops.normalize(x).mul(chunks.get(4)).add(chunks.get(3));
        NDArray mlpOut = mlp.forward(h);
        trace.record("mlp", mlpOut);
        return x.add(mlpOut.mul(chunks.get(5)));
    }
}
