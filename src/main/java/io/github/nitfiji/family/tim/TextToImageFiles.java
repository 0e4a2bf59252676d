package io.github.nitfiji.family.tim;

import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.TorchCheckpoint;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.TorchCheckpointWeights;
import io.github.nitfiji.model.WeightSource;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.tim.TimT2iConfig;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The files of a text-to-image run, given explicitly: TiM-T2I weights ({@code .bin} as released,
 * or safetensors) with an optional config, Gemma-3's {@code model.safetensors} with an optional
 * config, and Gemma's {@code tokenizer.json}. A missing config is read from the weights'
 * metadata, then from a {@code config.json} beside the Gemma weights; the released TiM-T2I
 * {@code .bin} carries none and is taken as {@link TimT2iConfig#xl()}.
 */
public final class TextToImageFiles {
    public final Path timWeights;
    public final Path timConfig;
    public final Path textEncoder;
    public final Path textEncoderConfig;
    public final Path tokenizer;
    /** TiM-T2I's architecture when it comes from a model card (then {@link #timConfig} is null). */
    private final TimT2iConfig cardConfig;

    public TextToImageFiles(Path timWeights, Path timConfig, Path textEncoder, Path textEncoderConfig, Path tokenizer) {
        this(timWeights, timConfig, null, textEncoder, textEncoderConfig, tokenizer);
    }

    /** @param cardConfig TiM-T2I's architecture from its model card, or null */
    TextToImageFiles(Path timWeights, Path timConfig, TimT2iConfig cardConfig, Path textEncoder,
                             Path textEncoderConfig, Path tokenizer) {
        this.timWeights = timWeights;
        this.timConfig = timConfig;
        this.cardConfig = cardConfig;
        this.textEncoder = textEncoder;
        this.textEncoderConfig = textEncoderConfig;
        this.tokenizer = tokenizer;
    }

    /** An open checkpoint: its tensors as a weight source, closed with it. */
    static final class OpenWeights implements Closeable {
        final WeightSource source;
        final SafetensorsFile safetensors;
        private final Closeable file;

        private OpenWeights(WeightSource source, SafetensorsFile safetensors, Closeable file) {
            this.source = source;
            this.safetensors = safetensors;
            this.file = file;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** A PyTorch checkpoint by its extension ({@code .bin}, {@code .pt}, {@code .pth}), else safetensors. */
    static OpenWeights open(Path weights) throws IOException {
        String name = weights.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth")) {
            TorchCheckpoint c = TorchCheckpoint.open(weights);
            return new OpenWeights(new TorchCheckpointWeights(c), null, c::close);
        }
        SafetensorsFile f = SafetensorsFile.open(weights);
        return new OpenWeights(new SafetensorsWeights(f), f, f::close);
    }

    /** The latent channels TiM-T2I makes (from its config, read without loading any weights). */
    int channels() throws IOException {
        try (OpenWeights weights = open(timWeights)) {
            return timConfig(weights).inChannels;
        }
    }

    TimT2iConfig timConfig(OpenWeights weights) throws IOException {
        if (cardConfig != null) {
            return cardConfig;
        }
        if (timConfig != null) {
            return TimT2iConfig.fromFile(timConfig);
        }
        if (weights.safetensors != null && weights.safetensors.metadata().containsKey("config")) {
            return TimT2iConfig.fromWeights(weights.safetensors);
        }
        return TimT2iConfig.xl();
    }

    GemmaConfig textEncoderConfig(OpenWeights weights) throws IOException {
        if (textEncoderConfig != null) {
            return GemmaConfig.fromFile(textEncoderConfig);
        }
        if (weights.safetensors != null && weights.safetensors.metadata().containsKey("config")) {
            return GemmaConfig.fromWeights(weights.safetensors);
        }
        Path beside = textEncoder.toAbsolutePath().resolveSibling("config.json");
        if (Files.isRegularFile(beside)) {
            return GemmaConfig.fromFile(beside);
        }
        throw new ModelConfigException(textEncoder + " carries no config and there is no config.json beside it; "
                + "give Gemma's config.json with --text-encoder-config");
    }
}
