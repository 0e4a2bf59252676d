package io.github.nitfiji.model.nit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.transformer.Modulation;
import io.github.nitfiji.model.transformer.SelfAttention;
import io.github.nitfiji.model.transformer.TrunkOps;
import java.io.IOException;

/**
 * One adaLN-Zero transformer block, bound to the keys {@code blocks.i.*}. The "1 +" of
 * {@code (1 + scale)} is folded into the modulation bias at load time; the attention scale is
 * {@link SelfAttention}'s.
 */
final class NitBlock {
    /** The block's adaLN output: six chunks (shift1, scale1, gate1, shift2, scale2, gate2). */
    static final int MODULATION_CHUNKS = 6;
    /** The chunks that are scales, whose "1 +" is folded into the bias. */
    static final int[] SCALE_CHUNKS = {1, 4};

    private final String prefix;
    private final int hidden;
    private final NDArray modulationWeight;
    private final NDArray modulationBias;
    private final SelfAttention attention;
    private final NDArray fc1Weight;
    private final NDArray fc1Bias;
    private final NDArray fc2Weight;
    private final NDArray fc2Bias;
    private final TrunkOps ops;

    NitBlock(NitConfig config, int index, WeightBinder w, TrunkOps ops) throws IOException {
        String p = "blocks." + index + ".";
        this.prefix = p;
        this.hidden = config.hiddenSize;
        this.ops = ops;
        modulationWeight = w.load(p + "adaLN_modulation.1.weight");
        modulationBias = Modulation.foldUnitScale(w, p + "adaLN_modulation.1.bias", MODULATION_CHUNKS,
                SCALE_CHUNKS);
        attention = new SelfAttention(p + "attn.", config.hiddenSize, config.numHeads, config.qkNorm, false, w, ops);
        fc1Weight = w.load(p + "mlp.fc1.weight");
        fc1Bias = w.load(p + "mlp.fc1.bias");
        fc2Weight = w.load(p + "mlp.fc2.weight");
        fc2Bias = w.load(p + "mlp.fc2.bias");
    }

    /** Adds this block's bound arrays to {@code into} under their keys ({@code prefix} = "blocks.i."). */
    void bound(String prefix, java.util.Map<String, NDArray> into) {
        attention.bound(prefix + "attn.", into);
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
        NDList mod = ops.linear(prefix + "adaLN_modulation.1", siluC, modulationWeight, modulationBias)
                .reshape(b, 1, 6L * hidden).split(6, 2);
        NDArray shift1 = mod.get(0);
        NDArray scale1 = mod.get(1);
        NDArray gate1 = mod.get(2);
        NDArray shift2 = mod.get(3);
        NDArray scale2 = mod.get(4);
        NDArray gate2 = mod.get(5);

        NDArray h = ops.normalize(x).mul(scale1).add(shift1);
        x = x.add(attention.forward(h, rope, null).mul(gate1));

        h = ops.normalize(x).mul(scale2).add(shift2);
        NDArray mlp = ops.linear(prefix + "mlp.fc1", h, fc1Weight, fc1Bias);
        mlp = ops.linear(prefix + "mlp.fc2", ops.geluTanh(mlp), fc2Weight, fc2Bias);
        return x.add(mlp.mul(gate2));
    }
}
