package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.model.transformer.Rope2d;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SdeNoise;
import io.github.nitfiji.sampling.SeededNoise;
import io.github.nitfiji.sampling.SeededSdeNoise;
import io.github.nitfiji.sampling.SuppliedSdeNoise;
import io.github.nitfiji.sampling.TransitionSampler;
import io.github.nitfiji.sampling.TransitionSettings;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * TiM-C2I latents for a batch of classes, with NiT's noise rules: image i starts from seed + i
 * (the CPU {@link SeededNoise}, so a seed gives the same image on any device) and draws its
 * stochastic term from its own stream; or noise and draws are supplied (e.g. recorded from the
 * official code). Everything is checked before the first network evaluation.
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
        checkSide("height", in.size.height);
        checkSide("width", in.size.width);
        int perImage = in.size.tokens() * channels;
        long[] seeds = new long[images];
        for (int i = 0; i < images; i++) {
            seeds[i] = in.noise != null ? -1 : in.seed + i;
        }
        float[] noise = in.noise != null ? checked(in.noise, (long) images * perImage, "initial noise", in)
                : seededNoise(in.seed, images, perImage);
        SdeNoise draws = null;
        if (settings.stochasticity > 0) {
            if (in.draws != null) {
                checked(in.draws, (long) settings.steps * images * perImage, "stochastic draws (" + settings.steps
                        + " steps)", in);
                draws = new SuppliedSdeNoise(in.draws, images * perImage);
            } else {
                int[] counts = new int[images];
                Arrays.fill(counts, perImage);
                long[] streams = new long[images];
                for (int i = 0; i < images; i++) {
                    streams[i] = in.seed + i;
                }
                draws = new SeededSdeNoise(streams, counts);
            }
        }
        float[] latent = new TransitionSampler(model).sample(in.size, in.classes, noise, draws, settings, progress,
                cancelled);
        return new LatentBatch(latent, in.size, channels, in.classes.clone(), seeds);
    }

    private static float[] checked(float[] values, long expected, String what, Inputs in) {
        if (values.length != expected) {
            throw new IllegalArgumentException("supplied " + what + " hold " + values.length + " values; "
                    + in.classes.length + " image(s) of latent " + in.size + " need " + expected);
        }
        return values;
    }

    private static float[] seededNoise(long seed, int images, int perImage) {
        float[] noise = new float[images * perImage];
        for (int i = 0; i < images; i++) {
            new SeededNoise(seed + i, SeededNoise.INITIAL).fill(noise, i * perImage, perImage);
        }
        return noise;
    }

    private static void checkSide(String name, int side) {
        if (side < 1 || side > Rope2d.MAX_SIDE) {
            throw new IllegalArgumentException("latent " + name + " " + side + " is outside 1.." + Rope2d.MAX_SIDE);
        }
    }
}
