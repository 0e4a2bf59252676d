package io.github.nitfiji.model.nit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.Scoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A training step's loss and gradients with activation checkpointing: the blocks run once without
 * a graph, keeping only each block's input; backward then goes block by block from the last,
 * recomputing one block with its graph and handing the gradient of its input to the block before.
 * Autograd keeps one block's activations at a time, over at most {@link #RECOMPUTED_TOKENS} tokens,
 * instead of every block's over the whole pack (at NiT-XL's shape about 7 MB per token), for one
 * more forward of compute. The gradients are the plain backward's: every
 * trained array's {@code .grad} receives the same sums, the conditioning's from every block's adaLN.
 */
public final class CheckpointedBackward {
    /**
     * Tokens of a block recomputed at once: one block's activations and their gradients are about
     * 2 MB per token at NiT-XL's shape, so about 1 GB (measured: a 4096-token LoRA step peaked 4.3 GB
     * over inference recomputing whole 4096-token runs).
     */
    public static final long RECOMPUTED_TOKENS = 512;

    private CheckpointedBackward() {
    }

    /**
     * Runs {@code lossOf} on the velocity of a packed batch and accumulates d loss / d every trained
     * array into its gradient, as {@code backward()} on the plain forward's loss would. Call with
     * autograd's grad mode on (inside a gradient collector).
     *
     * @param lossOf the scalar loss of the velocity [N, in_channels]
     * @return the loss, owned by x's manager
     */
    public static NDArray lossAndGradients(NitTransformer nit, NDArray x, List<LatentSize> sizes, double[] t,
                                           int[] classes, UnaryOperator<NDArray> lossOf) {
        return lossAndGradients(nit, x, sizes, t, classes, lossOf, RECOMPUTED_TOKENS);
    }

    /**
     * As {@link #lossAndGradients(NitTransformer, NDArray, List, double[], int[], UnaryOperator)},
     * recomputing at most {@code maxTokens} tokens of a block at a time (one image where an image is
     * larger).
     */
    public static NDArray lossAndGradients(NitTransformer nit, NDArray x, List<LatentSize> sizes, double[] t,
                                           int[] classes, UnaryOperator<NDArray> lossOf, long maxTokens) {
        // runs of at most maxTokens: what one block holds for backward is bounded by them, not by the pack
        List<PackedGroups.Run> runs = PackedGroups.runs(sizes, maxTokens);
        List<NitBlock> blocks = nit.blocks();
        try (NDManager scratch = x.getManager().newSubManager()) {
            // 1. every block without a graph, keeping its input: inputs[run][i] enters block i
            NDArray[][] inputs = new NDArray[runs.size()][blocks.size() + 1];
            NDArray c;
            JniUtils.setGradMode(false);
            try {
                c = nit.conditioning(t, classes, scratch);
                NDArray embedded = kept(nit.embed(x), scratch);
                for (int r = 0; r < runs.size(); r++) {
                    PackedGroups.Run run = runs.get(r);
                    NDArray runC = kept(Scoped.compute(() -> c.get(run.images())), scratch);
                    NDArray[] rope = nit.rope(run.size);
                    inputs[r][0] = kept(Scoped.compute(() -> embedded.get(run.tokens())
                            .reshape(run.count, run.size.tokens(), nit.config().hiddenSize)), scratch);
                    for (int i = 0; i < blocks.size(); i++) {
                        NitBlock block = blocks.get(i);
                        NDArray in = inputs[r][i];
                        inputs[r][i + 1] = kept(Scoped.compute(() -> block.forward(in, runC, rope)), scratch);
                    }
                }
            } finally {
                JniUtils.setGradMode(true);
            }
            // the conditioning as a leaf: its gradient gathers every block's and the final layer's part
            c.setRequiresGradient(true);

            // 2. the final layer and the loss, with their graph
            NDArray[] gradients = new NDArray[runs.size()];
            List<NDArray> outputs = new ArrayList<>();
            NDArray loss;
            for (int r = 0; r < runs.size(); r++) {
                NDArray last = inputs[r][blocks.size()];
                last.setRequiresGradient(true);
                outputs.add(kept(nit.finalLayer(last, slice(c, runs.get(r))), scratch));
            }
            NDArray velocity = kept(PackedGroups.concat(outputs), scratch);
            loss = lossOf.apply(velocity);
            backward(loss, loss.onesLike());
            for (int r = 0; r < runs.size(); r++) {
                gradients[r] = kept(inputs[r][blocks.size()].getGradient(), scratch);
            }

            // 3. the blocks, last first, each recomputed with its graph
            for (int i = blocks.size() - 1; i >= 0; i--) {
                NitBlock block = blocks.get(i);
                for (int r = 0; r < runs.size(); r++) {
                    PackedGroups.Run run = runs.get(r);
                    NDArray in = inputs[r][i];
                    in.setRequiresGradient(true);
                    NDArray runC = slice(c, run);
                    NDArray out = Scoped.compute(() -> block.forward(in, runC, nit.rope(run.size)));
                    backward(out, gradients[r]);
                    out.close();
                    runC.close();
                    gradients[r].close();
                    inputs[r][i + 1].close(); // its activations and gradient are spent
                    gradients[r] = kept(in.getGradient(), scratch);
                }
            }

            // 4. the patch embedding and the conditioning's embedders, where they are trained
            // (asked of the weights: DJL reports no graph on arrays computed from them)
            if (nit.embeddingTrained()) {
                NDArray embedded = kept(nit.embed(x), scratch);
                List<NDArray> rows = new ArrayList<>();
                for (int r = 0; r < runs.size(); r++) {
                    rows.add(gradients[r].reshape(-1, nit.config().hiddenSize));
                }
                backward(embedded, rows.size() == 1 ? rows.get(0) : NDArrays.concat(new NDList(rows)));
            }
            if (nit.conditioningTrained()) {
                backward(nit.conditioning(t, classes, scratch), c.getGradient());
            }
            loss.attach(x.getManager());
            return loss;
        }
    }

    private static NDArray kept(NDArray array, NDManager scratch) {
        array.attach(scratch);
        return array;
    }

    /** The conditioning rows of one run's images, with their graph to the leaf. */
    private static NDArray slice(NDArray c, PackedGroups.Run run) {
        return Scoped.compute(() -> c.get(run.images()));
    }

    private static void backward(NDArray output, NDArray gradient) {
        JniUtils.backward((PtNDArray) output, (PtNDArray) gradient, false, false);
    }
}
