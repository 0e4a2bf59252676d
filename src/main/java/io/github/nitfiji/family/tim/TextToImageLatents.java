package io.github.nitfiji.family.tim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.io.UserText;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.gemma.GemmaTextEncoder;
import io.github.nitfiji.model.gemma.GemmaTokenizer;
import io.github.nitfiji.model.gemma.PromptIds;
import io.github.nitfiji.model.gemma.UnicodeEscape;
import io.github.nitfiji.model.tim.CaptionContext;
import io.github.nitfiji.model.tim.TimT2iConfig;
import io.github.nitfiji.model.tim.TimT2iTransformer;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.TextTransitionSampler;
import io.github.nitfiji.sampling.TransitionSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Prompts to TiM-T2I latents, as the official sampler does it: each prompt tokenized
 * ({@code <bos>} + at most 255 tokens), the batch cut to its longest prompt L (shorter prompts
 * carry Gemma's pad state beyond their end), the null caption {@code ""} cut to the same L, then
 * the transition sampler. Gemma is loaded, used and closed before TiM-T2I loads, so the two never
 * share memory ({@link TextToImageMemory}).
 */
public final class TextToImageLatents {
    private final Device device;
    private final DataType precision;
    private final AttentionKind attention;
    private final long budgetBytes;
    private final Consumer<String> log;

    public TextToImageLatents(Device device, DataType precision, AttentionKind attention, long budgetBytes,
                              Consumer<String> log) {
        this.device = device;
        this.precision = precision;
        this.attention = attention;
        this.budgetBytes = budgetBytes;
        this.log = log;
    }

    /**
     * @param escape apply TiM's training-time unicode escape to each prompt first
     * @param noise gives the initial latents for a count of B*h*w*channels values (the channels
     *     come from the model's config), images concatenated, tokens row-major
     * @return the final latents, same layout as the noise
     */
    public float[] generate(TextToImageFiles files, List<String> prompts, boolean escape, LatentSize size,
                            TransitionSettings settings, IntFunction<float[]> noise, SamplingProgress progress,
                            BooleanSupplier cancelled) throws IOException {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("give at least one prompt");
        }
        List<int[]> captions = new ArrayList<>();
        try (GemmaTokenizer tokenizer = GemmaTokenizer.open(files.tokenizer)) {
            for (String prompt : prompts) {
                PromptIds ids = tokenizer.encode(escape ? UnicodeEscape.escape(prompt) : prompt,
                        GemmaTokenizer.TIM_MAX_TOKENS);
                if (ids.dropped() > 0) {
                    log.accept("prompt cut to its first " + (GemmaTokenizer.TIM_MAX_TOKENS - 1) + " tokens ("
                            + ids.dropped() + " left out): \"" + UserText.shown(prompt) + "\"");
                }
                captions.add(ids.ids());
            }
            captions.add(tokenizer.encode("", GemmaTokenizer.TIM_MAX_TOKENS).ids());
        }
        int length = 0;
        for (int[] ids : captions) {
            length = Math.max(length, ids.length);
        }
        return sample(files, captions, length, prompts.size(), size, settings, noise, progress, cancelled);
    }

    private float[] sample(TextToImageFiles files, List<int[]> captions, int length, int prompts, LatentSize size,
                           TransitionSettings settings, IntFunction<float[]> noise, SamplingProgress progress,
                           BooleanSupplier cancelled) throws IOException {
        try (TextToImageFiles.OpenWeights gemmaWeights = TextToImageFiles.open(files.textEncoder);
             TextToImageFiles.OpenWeights timWeights = TextToImageFiles.open(files.timWeights)) {
            GemmaConfig gemmaConfig = files.textEncoderConfig(gemmaWeights);
            TimT2iConfig timConfig = files.timConfig(timWeights);
            TextToImageMemory.check(TextToImageMemory.textEncoderBytes(gemmaConfig, precision, length),
                    TextToImageMemory.transformerBytes(timConfig, precision, attention, prompts, size, length),
                    0, budgetBytes, precision);
            float[] initial = noise.apply(prompts * size.tokens() * timConfig.inChannels);
            float[] features;
            try (GemmaTextEncoder encoder = GemmaTextEncoder.load(gemmaConfig, gemmaWeights.source, device, precision);
                 NDManager host = NDManager.newBaseManager(Device.cpu())) {
                features = encoder.captions(captions, length, host).toFloatArray();
            }
            try (TimT2iTransformer model = TimT2iTransformer.load(timConfig, timWeights.source, device, precision,
                    attention, log);
                 NDManager m = model.newManager()) {
                NDArray y = m.create(features, new Shape(captions.size(), length,
                        gemmaConfig.hiddenSize));
                try (CaptionContext context = model.prepare(y)) {
                    return new TextTransitionSampler((x, s, t, r, rows) -> model.forward(x, s, t, r, context, rows),
                            model::newManager, timConfig.inChannels).sample(size, prompts, initial, null, settings,
                            progress, cancelled);
                }
            }
        }
    }

}
