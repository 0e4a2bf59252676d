package io.github.nitfiji.sampling;

import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.tim.CaptionContext;
import io.github.nitfiji.model.tim.TimT2iTransformer;
import java.util.function.BooleanSupplier;

/**
 * TiM's transition sampler for TiM-T2I: the same steps, guidance gate and combination as for
 * TiM-C2I ({@link TransitionSampler}), with captions in place of classes. The request's captions
 * are prepared once: rows 0..B-1 are the prompts, row B the null caption (the empty prompt,
 * padded to the same length) that guidance runs against; each step only selects rows.
 */
public final class TextTransitionSampler {
    private final TimT2iTransformer model;

    public TextTransitionSampler(TimT2iTransformer model) {
        this.model = model;
    }

    /**
     * @param captions the prompts' rows, then the null caption's row
     * @param noise initial latents [B*h*w*channels], images concatenated, tokens row-major
     * @param draws the stochastic term's draws (see {@link TransitionSampler#sample}); may be null
     *     when stochasticity is 0
     * @return the final latents, same layout as {@code noise}
     */
    public float[] sample(LatentSize size, CaptionContext captions, float[] noise, SdeNoise draws,
                          TransitionSettings settings, SamplingProgress progress, BooleanSupplier cancelled) {
        return sample(size, captions, noise, draws, settings, progress, cancelled, TransitionSampler.States.NONE);
    }

    float[] sample(LatentSize size, CaptionContext captions, float[] noise, SdeNoise draws,
                   TransitionSettings settings, SamplingProgress progress, BooleanSupplier cancelled,
                   TransitionSampler.States states) {
        int prompts = captions.captions() - 1;
        if (prompts < 1) {
            throw new IllegalArgumentException("captions hold " + captions.captions()
                    + " row(s); give the prompts' rows and then the null caption's row");
        }
        int[] rows = new int[prompts];
        for (int i = 0; i < prompts; i++) {
            rows[i] = i;
        }
        TransitionSampler sampler = new TransitionSampler(
                (x, s, t, r, captionRows) -> model.forward(x, s, t, r, captions, captionRows),
                model::newManager, model.config().inChannels, prompts);
        return sampler.sample(size, rows, noise, draws, settings, progress, cancelled, states);
    }
}
