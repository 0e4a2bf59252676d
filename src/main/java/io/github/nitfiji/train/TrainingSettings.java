package io.github.nitfiji.train;

import com.google.gson.JsonObject;

/**
 * How a run trains. Defaults: LoRA rank 16 (alpha = rank), learning rate 1e-4 constant, no
 * warm-up, EMA decay 0.999, label dropout 0.1 and gradient clipping at 1.0 (the official values),
 * AdamW with the official betas, eps and weight decay.
 */
public final class TrainingSettings {
    public int steps = 1000;
    public double lr = 1e-4;
    public int warmupSteps = 0;
    public boolean full = false;
    public int rank = 16;
    /** LoRA alpha; 0 means "the rank" (scale 1). */
    public double alpha = 0;
    public double emaDecay = 0.999;
    public double labelDropout = 0.1;
    public double maxGradNorm = 1.0;
    /** Tokens per step; 0 means "derived from the memory budget". */
    public int tokenBudget = 0;
    public long memoryBudgetBytes = 0;
    public int checkpointEvery = 500;
    /** 0 for no previews. */
    public int previewEvery = 0;
    public int previewSteps = 25;
    public long seed = 0;

    double effectiveAlpha() {
        return alpha > 0 ? alpha : rank;
    }

    /**
     * The learning rate of optimizer step {@code k} (from 0): diffusers' {@code constant_with_warmup},
     * which the official trainer's {@code get_scheduler} gives: lr k / warmup during the warm-up
     * (so the first step has lr 0), then lr.
     */
    double lrAt(long k) {
        return warmupSteps > 0 && k < warmupSteps ? lr * k / warmupSteps : lr;
    }

    /** Throws IllegalArgumentException naming the first bad option. */
    public void validate() {
        require(steps >= 1, "--steps must be at least 1, found " + steps);
        require(lr > 0 && lr < 1, "--lr must be in (0, 1), found " + lr);
        require(warmupSteps >= 0, "--warmup must be 0 or more, found " + warmupSteps);
        require(full || rank >= 1, "--rank must be at least 1, found " + rank);
        require(emaDecay >= 0 && emaDecay < 1, "--ema must be in [0, 1), found " + emaDecay);
        require(checkpointEvery >= 1, "--checkpoint-every must be at least 1, found " + checkpointEvery);
        require(previewEvery >= 0, "--preview-every must be 0 (off) or more, found " + previewEvery);
        require(tokenBudget >= 0, "--token-budget must be positive, found " + tokenBudget);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** What must match for a checkpoint to be resumed: everything that shapes the run's arithmetic but its length. */
    JsonObject identity(int budget) {
        JsonObject o = new JsonObject();
        o.addProperty("mode", full ? "full" : "lora");
        o.addProperty("rank", full ? 0 : rank);
        o.addProperty("alpha", full ? 0 : effectiveAlpha());
        o.addProperty("lr", lr);
        o.addProperty("warmup_steps", warmupSteps);
        o.addProperty("ema_decay", emaDecay);
        o.addProperty("label_dropout", labelDropout);
        o.addProperty("max_grad_norm", maxGradNorm);
        o.addProperty("token_budget", budget);
        o.addProperty("seed", seed);
        return o;
    }
}
