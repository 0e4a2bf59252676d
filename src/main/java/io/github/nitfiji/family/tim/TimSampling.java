package io.github.nitfiji.family.tim;

import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.sampling.RequestNoise;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SdeNoise;
import io.github.nitfiji.sampling.TransitionSampler;
import io.github.nitfiji.sampling.TransitionSettings;
import java.util.function.BooleanSupplier;

/**
 * TiM-C2I latents for a batch of classes, with the request noise rule ({@link RequestNoise}): image
 * i starts from seed + i and draws its stochastic term from its own stream; or noise and draws are
 * supplied (e.g. recorded from the official code). Everything is checked before the first
 * network evaluation.
 */
public final class TimSampling {
    private TimSampling() {
    }

    /** What to sample: one image per class, all of one latent size. */
    public static final class Inputs {
        final int[] classes;
        final LatentSize size;
        final long seed;
        final float[] noise;
        final float[] draws;

        /**
         * @param seed the first image's seed (ignored for images whose noise is supplied)
         * @param noise supplied initial noise [B*h*w*C], or null to draw it from the seeds
         * @param draws supplied stochastic draws [steps * B*h*w*C] (one block per step, unused
         *     blocks ignored), or null to draw them from the seeds
         */
        public Inputs(int[] classes, LatentSize size, long seed, float[] noise, float[] draws) {
            this.classes = classes.clone();
            this.size = size;
            this.seed = seed;
            this.noise = noise;
            this.draws = draws;
        }
    }

    /** The final latents [B*h*w, C]; seeds are recorded as -1 when the noise was supplied. */
    public static LatentBatch sample(TimTransformer model, Inputs in, TransitionSettings settings,
                                     SamplingProgress progress, BooleanSupplier cancelled) {
        int channels = model.config().inChannels;
        int images = in.classes.length;
        if (images == 0 || images > GenerationRequest.MAX_IMAGES) {
            throw new IllegalArgumentException(images + " images requested; give 1.." + GenerationRequest.MAX_IMAGES);
        }
        for (int c : in.classes) {
            if (c < 0 || c > model.config().nullClass()) {
                throw new IllegalArgumentException("class " + c + " is outside 0.." + model.config().nullClass()
                        + " (" + model.config().nullClass() + " = unconditional)");
            }
        }
        int perImage = in.size.tokens() * channels;
        float[] noise = RequestNoise.initial(in.seed, images, perImage, in.noise);
        SdeNoise draws = settings.stochasticity > 0
                ? RequestNoise.steps(in.seed, images, perImage, in.draws, settings.stepNoiseBlocks()) : null;
        float[] latent = new TransitionSampler(model::forward, model::newManager, channels, model.config().nullClass())
                .sample(in.size, in.classes, noise, draws, settings, progress, cancelled);
        return new LatentBatch(latent, in.size, channels, in.classes.clone(),
                RequestNoise.seeds(in.seed, images, in.noise != null));
    }
}
