package io.github.nitfiji.train;

import io.github.nitfiji.model.nit.NitConfig;

/**
 * Estimates the peak memory of a training step before it runs, so a run that cannot fit is refused
 * up front, naming the budget. Everything is FP32: the weights; per trained value its gradient,
 * AdamW's two moments and the run's and EMA's offsets (plus the value itself for LoRA's new arrays);
 * and the activations autograd keeps for backward: per token and block about 29 hidden-size and 6
 * MLP-size maps, plus each image's attention scores and their softmax (2 x heads x n^2 per image);
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
        long maps = 4L * config.depth * tokens
                * (SAVED_HIDDEN_MAPS * (long) config.hiddenSize + SAVED_MLP_MAPS * (long) config.mlpHidden());
        long scores = 4L * config.depth * 2 * config.numHeads * largestImage * tokens;
        return RUNTIME_BYTES + weights + state + maps + scores;
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
