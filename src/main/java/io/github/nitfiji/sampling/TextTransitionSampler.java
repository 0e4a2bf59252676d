package io.github.nitfiji.sampling;

import ai.djl.ndarray.NDManager;
import io.github.nitfiji.model.LatentSize;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * TiM's transition sampler for a text model: the same steps, guidance gate and combination as for
 * class models ({@link TransitionSampler}), with caption rows in place of classes. The request's
 * captions are prepared once by the network: rows 0..B-1 are the prompts, row B the null caption
 * (the empty prompt, padded to the same length) that guidance runs against; each step only
 * selects rows.
 */
public final class TextTransitionSampler {
    private final TransitionSampler.Network captions;
    private final Supplier<NDManager> managers;
    private final int channels;

    /** @param captions the network, conditioned on the prepared caption rows it is given by index */
    public TextTransitionSampler(TransitionSampler.Network captions, Supplier<NDManager> managers, int channels) {
        this.captions = captions;
        this.managers = managers;
        this.channels = channels;
    }

    /**
     * @param prompts B, the number of prompt rows (the null caption's row is B)
     * @param noise initial latents [B*h*w*channels], images concatenated, tokens row-major
     * @param draws the stochastic term's draws (see {@link TransitionSampler#sample}); may be null
     *     when stochasticity is 0
     * @return the final latents, same layout as {@code noise}
     */
    public float[] sample(LatentSize size, int prompts, float[] noise, SdeNoise draws, TransitionSettings settings,
                          SamplingProgress progress, BooleanSupplier cancelled) {
        return sample(size, prompts, noise, draws, settings, progress, cancelled, TransitionSampler.States.NONE);
    }

    float[] sample(LatentSize size, int prompts, float[] noise, SdeNoise draws, TransitionSettings settings,
                   SamplingProgress progress, BooleanSupplier cancelled, TransitionSampler.States states) {
        if (prompts < 1) {
            throw new IllegalArgumentException("give at least one prompt row before the null caption's row");
        }
        int[] rows = new int[prompts];
        for (int i = 0; i < prompts; i++) {
            rows[i] = i;
        }
        return new TransitionSampler(captions, managers, channels, prompts).sample(size, rows, noise, draws, settings,
                progress, cancelled, states);
    }
}
