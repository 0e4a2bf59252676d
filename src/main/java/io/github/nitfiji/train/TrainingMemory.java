package io.github.nitfiji.train;

import io.github.nitfiji.model.nit.CheckpointedBackward;
import io.github.nitfiji.model.nit.NitConfig;

/**
 * Estimates the peak memory of a training step before it runs, so a run that cannot fit is refused
 * up front, naming the budget. Everything is FP32: the weights; per trained value its gradient,
 * AdamW's two moments and the run's and EMA's offsets (plus the value itself for LoRA's new arrays);
 * and the activations autograd keeps for backward: per token and block about 29 hidden-size and 6
 * MLP-size maps, plus each image's attention scores and their softmax (2 x heads x n^2 per image),
 * or with checkpointing ({@link #checkpoints}) every block's input and one block's activations;
 * plus 1 GB for the runtime itself.
 * Deliberately conservative; {@code bench --train} measures the real peaks.
 */
public final class TrainingMemory {
    // fitted to train bench at the NiT-XL shape (Dec 5 2026: LoRA peaks of 5.39 GB at 256 tokens and
    // 11.33 GB at 1024, 7.7 MB per token); 16 had under-estimated 1024 tokens by 1.1 GB
    static final int SAVED_HIDDEN_MAPS = 29;
    static final int SAVED_MLP_MAPS = 6;
    /** The JVM, libtorch and the step's transient arrays beside the model (measured about 0.7 GB at small sizes). */
    static final long RUNTIME_BYTES = 1L << 30;
    static final long CHECKPOINT_ABOVE_BYTES = 1L << 30;
    // fitted to train bench at the NiT-XL shape (Dec 5 2026, recomputing 512 tokens at a time: peaks
    // over the weights and the trained state of 0.65 and 1.27 GB (LoRA) and 0.88 and 1.67 GB (full) at
    // 1024 and 4096 tokens, where one block's activations over 512 tokens are 0.14 GB; the rest is the
    // recomputed block's backward and the allocator), with a margin
    static final int CHECKPOINTED_BLOCKS = 9;

    private TrainingMemory() {
    }

    /** Values of the base model. */
    static long parameters(NitConfig config) {
        long n = 0;
        for (long[] shape : config.expectedShapes().values()) {
            long s = 1;
            for (long d : shape) {
                s *= d;
            }
            n += s;
        }
        return n;
    }

    /** Values LoRA of {@code rank} trains. */
    static long loraParameters(NitConfig config, int rank) {
        long d = config.hiddenSize;
        long m = config.mlpHidden();
        // qkv (d -> 3d), proj (d -> d), fc1 (d -> m), fc2 (m -> d): rank * (in + out) each
        return config.depth * (long) rank * ((d + 3 * d) + (d + d) + (d + m) + (m + d));
    }

    /**
     * Peak bytes of a step over {@code tokens} packed tokens whose largest image has
     * {@code largestImage} tokens.
     *
     * @param rank LoRA rank, or 0 for full fine-tuning
     */
    public static long stepBytes(NitConfig config, int rank, int newClasses, long tokens, long largestImage) {
        long weights = 4 * parameters(config);
        long rows = (long) newClasses * config.hiddenSize;
        long state = rank == 0 ? 4 * 5 * (parameters(config) + rows) : 4 * 6 * (loraParameters(config, rank) + rows);
        long scores = 4L * config.depth * 2 * config.numHeads * largestImage * tokens;
        if (!checkpoints(config, tokens)) {
            return RUNTIME_BYTES + weights + state + keptActivations(config, tokens) + scores;
        }
        // checkpointed: every block's input and the gradient being passed back, and what one block
        // recomputed over at most RECOMPUTED_TOKENS (or one image) holds, which measured like
        // CHECKPOINTED_BLOCKS blocks' activations and scores over those tokens
        long inputs = 4L * (config.depth + 3) * tokens * config.hiddenSize;
        long recomputed = Math.min(tokens, Math.max(CheckpointedBackward.RECOMPUTED_TOKENS, largestImage));
        long recomputedScores = 4L * 2 * config.numHeads * largestImage * recomputed;
        return RUNTIME_BYTES + weights + state + inputs
                + CHECKPOINTED_BLOCKS * (keptActivations(config, recomputed) / config.depth + recomputedScores);
    }

    /**
     * Whether a step over {@code tokens} checkpoints its activations (recomputes each block in
     * backward, one more forward of compute): where a plain backward would keep over 1 GB of them,
     * from about 150 tokens at NiT-XL's shape. Below that the plain backward is faster and small.
     */
    public static boolean checkpoints(NitConfig config, long tokens) {
        return keptActivations(config, tokens) > CHECKPOINT_ABOVE_BYTES;
    }

    /** What a plain backward keeps of every block's activations over {@code tokens}. */
    static long keptActivations(NitConfig config, long tokens) {
        return 4L * config.depth * tokens
                * (SAVED_HIDDEN_MAPS * (long) config.hiddenSize + SAVED_MLP_MAPS * (long) config.mlpHidden());
    }

    /** The largest token budget (a multiple of 64, at most 16384) whose step fits {@code budgetBytes}; 0 if none. */
    public static int tokenBudget(NitConfig config, int rank, int newClasses, long budgetBytes) {
        int best = 0;
        for (int t = 64; t <= 16384; t += 64) {
            if (stepBytes(config, rank, newClasses, t, t) <= budgetBytes) {
                best = t;
            }
        }
        return best;
    }

    static String gb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
