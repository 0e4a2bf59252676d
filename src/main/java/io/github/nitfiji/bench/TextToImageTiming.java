package io.github.nitfiji.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.gemma.GemmaTextEncoder;
import io.github.nitfiji.model.tim.CaptionContext;
import io.github.nitfiji.model.tim.TimT2iTransformer;
import io.github.nitfiji.runtime.MemoryUse;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.TextTransitionSampler;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Speed of text-to-image at one square size for one prompt: text encoding (the prompt and the
 * null caption through Gemma), preparing the caption keys/values, and whole runs of N steps with
 * the shipped guidance (2.5 on 0 < t < 1: the first step unguided, every later step a batch of 2).
 */
public final class TextToImageTiming {
    /** Guidance of the official GenEval scripts. */
    private static final double CFG = 2.5;

    public final int pixels;
    public final int promptTokens;
    public final double msTextEncoding;
    public final double msPrepareCaptions;
    /** Per entry of {@code steps}: ms for the whole run, and ms per step. */
    public final int[] steps;
    public final double[] msPerRun;
    public final double peakResidentMb;

    private TextToImageTiming(int pixels, int promptTokens, double msTextEncoding, double msPrepareCaptions,
                              int[] steps, double[] msPerRun, double peakResidentMb) {
        this.pixels = pixels;
        this.promptTokens = promptTokens;
        this.msTextEncoding = msTextEncoding;
        this.msPrepareCaptions = msPrepareCaptions;
        this.steps = steps.clone();
        this.msPerRun = msPerRun.clone();
        this.peakResidentMb = peakResidentMb;
    }

    public double msPerStep(int i) {
        return msPerRun[i] / steps[i];
    }

    /**
     * @param pixels side of the square image (a multiple of 32)
     * @param promptTokens ids per prompt including {@code <bos>} (random ids; the cost depends only on the count)
     */
    public static TextToImageTiming measure(GemmaTextEncoder encoder, TimT2iTransformer model, int pixels,
                                            int promptTokens, int[] steps) {
        LatentSize size = new LatentSize(pixels / 32, pixels / 32);
        SplittableRandom random = new SplittableRandom(7);
        int[] prompt = new int[promptTokens];
        prompt[0] = 2;
        for (int i = 1; i < promptTokens; i++) {
            prompt[i] = 3 + random.nextInt(encoder.config().vocabSize - 3);
        }
        List<int[]> captions = new ArrayList<>(List.of(prompt, new int[] {2}));
        try (NDManager m = model.newManager()) {
            encoder.captions(List.of(new int[] {2}), 1, m).close(); // warm-up
            long start = System.nanoTime();
            NDArray features = encoder.captions(captions, promptTokens, m);
            features.toFloatArray();
            double msText = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            try (CaptionContext context = model.prepare(features)) {
                double msPrepare = (System.nanoTime() - start) / 1e6;
                float[] noise = new float[size.tokens() * model.config().inChannels];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (float) (random.nextDouble() * 2 - 1);
                }
                TextTransitionSampler sampler = new TextTransitionSampler(
                        (x, s, t, r, rows) -> model.forward(x, s, t, r, context, rows), model::newManager,
                        model.config().inChannels);
                int prompts = context.captions() - 1;
                sampler.sample(size, prompts, noise, null, settings(1), SamplingProgress.NONE, () -> false);
                double[] msRun = new double[steps.length];
                for (int i = 0; i < steps.length; i++) {
                    start = System.nanoTime();
                    sampler.sample(size, prompts, noise, null, settings(steps[i]), SamplingProgress.NONE, () -> false);
                    msRun[i] = (System.nanoTime() - start) / 1e6;
                }
                return new TextToImageTiming(pixels, promptTokens, msText, msPrepare, steps, msRun,
                        MemoryUse.peakResidentBytes() / 1e6);
            }
        }
    }

    private static TransitionSettings settings(int steps) {
        return new TransitionSettings(steps, CFG, 0, 1, TransitionMode.TRANSITION, 0);
    }
}
