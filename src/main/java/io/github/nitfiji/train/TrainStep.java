package io.github.nitfiji.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.github.nitfiji.model.nit.CheckpointedBackward;
import io.github.nitfiji.model.nit.NitTransformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official training step on a packed batch: the flow-matching loss ({@link FlowMatchingLoss})
 * through the transformer's eager forward under DJL autograd (with activation checkpointing for long
 * packs, {@link CheckpointedBackward}), gradients taken back to stored
 * values, clipped to a global L2 norm of {@code maxGradNorm} (as {@code clip_grad_norm_}: scaled by
 * max_norm / (norm + 1e-6) when that is below 1), AdamW, then the EMA. Every intermediate of the
 * step lives in one manager closed when the step ends; weights and state are long-lived.
 */
final class TrainStep {
    /** clip_grad_norm_'s guard against division by zero. */
    private static final double CLIP_EPS = 1e-6;

    private final NitTransformer nit;
    private final TrainerState state;
    private final AdamW optimizer;
    private final Ema ema;
    private final double maxGradNorm;
    private Checkpointing checkpointing = Checkpointing.AUTO;
    private long recomputedTokens = CheckpointedBackward.RECOMPUTED_TOKENS;

    /** Whether backward recomputes each block's activations instead of keeping them all. */
    enum Checkpointing {
        /** Where the activations a plain backward keeps would exceed {@link TrainingMemory#checkpoints}' bound. */
        AUTO,
        ALWAYS,
        NEVER
    }

    /** What one step did, with per-tensor detail when asked for (the golden check, {@code train step}). */
    static final class Result {
        final double loss;
        final double gradNorm;
        /** Stored-space gradients before clipping, updates and EMA offsets by tensor name; empty unless recorded. */
        final Map<String, float[]> gradients;
        final Map<String, float[]> deltas;
        final Map<String, float[]> emaDeltas;

        Result(double loss, double gradNorm, Map<String, float[]> gradients, Map<String, float[]> deltas,
               Map<String, float[]> emaDeltas) {
            this.loss = loss;
            this.gradNorm = gradNorm;
            this.gradients = gradients;
            this.deltas = deltas;
            this.emaDeltas = emaDeltas;
        }
    }

    TrainStep(NitTransformer nit, TrainerState state, AdamW optimizer, Ema ema, double maxGradNorm) {
        this.nit = nit;
        this.state = state;
        this.optimizer = optimizer;
        this.ema = ema;
        this.maxGradNorm = maxGradNorm;
    }

    /** Sets when backward recomputes activations (default {@link Checkpointing#AUTO}); the same gradients either way. */
    TrainStep checkpointing(Checkpointing when) {
        this.checkpointing = when;
        return this;
    }

    /** Sets how many tokens of a block a checkpointed backward recomputes at once (tests: one image). */
    TrainStep recomputedTokens(long tokens) {
        this.recomputedTokens = tokens;
        return this;
    }

    /**
     * Runs one step at learning rate {@code lr}.
     *
     * @param record whether to return every tensor's gradient, update and EMA offset
     * @throws NonFiniteLossException when the loss or the gradients are not finite (nothing is updated)
     */
    Result run(PackedBatch batch, double lr, boolean record) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        Map<String, float[]> deltas = new LinkedHashMap<>();
        Map<String, float[]> emaDeltas = new LinkedHashMap<>();
        try (NDManager step = nit.newManager()) {
            int channels = batch.channels();
            NDArray x0 = FlowMatchingLoss.tokens(step, batch.x0, channels);
            NDArray noise = FlowMatchingLoss.tokens(step, batch.noise, channels);
            NDArray tokenT = step.create(FlowMatchingLoss.tokenTimes(batch.t, batch.sizes), new Shape(x0.getShape().get(0), 1));
            NDArray xt = FlowMatchingLoss.noised(x0, noise, tokenT);
            NDArray target = FlowMatchingLoss.target(x0, noise);
            NDArray loss;
            boolean recompute = checkpointing == Checkpointing.ALWAYS || checkpointing == Checkpointing.AUTO
                    && TrainingMemory.checkpoints(nit.config(), xt.getShape().get(0));
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                if (recompute) {
                    loss = CheckpointedBackward.lossAndGradients(nit, xt, batch.sizes, batch.t, batch.labels,
                            out -> FlowMatchingLoss.loss(out, target), recomputedTokens);
                } else {
                    NDArray out = nit.forward(xt, batch.sizes, batch.t, batch.labels);
                    loss = FlowMatchingLoss.loss(out, target);
                    collector.backward(loss);
                }
            }
            // the collector restores the thread's earlier grad mode, which libtorch starts as "on" in a
            // new thread: the updates below must not be recorded (nor, in place on leaves, be refused)
            gradModeOff();
            double lossValue = loss.getFloat();
            // the gradients in place (handles on each tensor's .grad, zeroed after the step): no copy of the model
            List<NDArray> grads = storedGradients();
            try {
                double sumSquares = 0;
                for (NDArray g : grads) {
                    try (NDArray square = g.square(); NDArray sum = square.sum()) {
                        sumSquares += sum.getFloat();
                    }
                }
                double norm = Math.sqrt(sumSquares);
                if (!Double.isFinite(lossValue) || !Double.isFinite(norm)) {
                    throw new NonFiniteLossException(state.steps + 1, lossValue, norm);
                }
                double clip = Math.min(1.0, maxGradNorm / (norm + CLIP_EPS));
                state.steps++;
                for (int i = 0; i < grads.size(); i++) {
                    TrainedTensor tensor = state.tensors.get(i);
                    NDArray g = grads.get(i);
                    if (record) {
                        gradients.put(tensor.name, g.toFloatArray());
                    }
                    if (clip < 1.0) {
                        g.muli((float) clip);
                    }
                    try (NDArray p = tensor.stored();
                         NDArray update = optimizer.step(p, g, state.firstMoment.get(i), state.secondMoment.get(i), lr,
                                 state.steps)) {
                        state.offset.get(i).addi(update);
                        if (tensor.scale == 1f) {
                            tensor.value.addi(update);
                        } else {
                            try (NDArray scaled = update.mul(tensor.scale)) {
                                tensor.value.addi(scaled);
                            }
                        }
                        if (record) {
                            deltas.put(tensor.name, update.toFloatArray());
                        }
                    }
                    ema.update(state.emaOffset.get(i), state.offset.get(i));
                    if (record) {
                        emaDeltas.put(tensor.name, state.emaOffset.get(i).toFloatArray());
                    }
                }
                return new Result(lossValue, norm, gradients, deltas, emaDeltas);
            } finally {
                for (NDArray g : grads) {
                    g.muli(0f);
                    g.close();
                }
            }
        }
    }

    /**
     * Stops recording operations for autograd on this thread (libtorch starts each thread with it
     * on): everything a run does outside a step's forward and backward (restoring a checkpoint, the
     * updates, previews) changes or reads arrays without a graph.
     */
    static void gradModeOff() {
        Engine.getEngine("PyTorch"); // loads libtorch if nothing has yet (a run of explicit steps first thing)
        JniUtils.setGradMode(false);
    }

    /**
     * d loss / d stored value of each tensor, in place: scale times the gradient of the array the
     * forward read. Handles the caller closes.
     */
    private List<NDArray> storedGradients() {
        List<NDArray> grads = new ArrayList<>();
        for (TrainedTensor t : state.tensors) {
            NDArray g = t.value.getGradient();
            if (t.scale != 1f) {
                g.muli(t.scale);
            }
            grads.add(g);
        }
        return grads;
    }
}
