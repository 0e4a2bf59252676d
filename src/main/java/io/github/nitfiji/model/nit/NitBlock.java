package io.github.nitfiji.model.nit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.transformer.Modulation;
import io.github.nitfiji.model.transformer.SelfAttention;
import io.github.nitfiji.model.transformer.TrunkOps;
import java.io.IOException;

/**
 * One adaLN-Zero transformer block, bound to the keys {@code blocks.i.*}. The "1 +" of
 * {@code (1 + scale)} is folded into the modulation bias at load time.
 */
final class NitBlock {
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
        this.hidden = config.hiddenSize;
        this.ops = ops;
        modulationWeight = w.load(p + "adaLN_modulation.1.weight");
        modulationBias = Modulation.foldUnitScale(w, p + "adaLN_modulation.1.bias", 6, new int[] {1, 4});
        attention = new SelfAttention(p + "attn.", config.hiddenSize, config.numHeads, config.qkNorm, false, w, ops);
        fc1Weight = w.load(p + "mlp.fc1.weight");
        fc1Bias = w.load(p + "mlp.fc1.bias");
        fc2Weight = w.load(p + "mlp.fc2.weight");
        fc2Bias = w.load(p + "mlp.fc2.bias");
    }

    /**
     * @param x tokens of b same-sized images, [b, n, D]
     * @param siluC SiLU of the conditioning of those images, [b, D]
     * @param rope cos and sin tables for the images' size, each [n, 1, headDim]
     */
    NDArray forward(NDArray x, NDArray siluC, NDArray[] rope) {
        long b = x.getShape().get(0);
        NDList mod = Linear.linear(siluC, modulationWeight, modulationBias).singletonOrThrow()
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
        NDArray mlp = Linear.linear(h, fc1Weight, fc1Bias).singletonOrThrow();
        mlp = Linear.linear(ops.geluTanh(mlp), fc2Weight, fc2Bias).singletonOrThrow();
        return x.add(mlp.mul(gate2));
    }
}
