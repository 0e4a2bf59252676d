package io.github.nitfiji.family.tim;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.ImageStart;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.pipeline.SamplingStage;
import io.github.nitfiji.sampling.NonFiniteResultException;
import io.github.nitfiji.sampling.RequestNoise;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.TransitionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * TiM-T2I with its Gemma text encoder, through {@link TextToImageLatents}: each request loads
 * Gemma, encodes every image's caption (padded to the longest, as the official batching does) and
 * the empty caption, closes Gemma, then loads TiM-T2I and samples; the two never share memory, so
 * neither is kept between requests, and the request's phases are checked against the memory
 * budget before either loads ({@link TextToImageMemory}).
 */
final class TimT2iStage implements SamplingStage {
    private final TextToImageFiles files;
    private final int channels;
    private final Device device;
    private final DataType precision;
    private final AttentionKind attention;
    private final long budgetBytes;
    private final Consumer<String> log;

    TimT2iStage(TextToImageFiles files, int channels, Device device, DataType precision, AttentionKind attention,
                long budgetBytes, Consumer<String> log) {
        this.files = files;
        this.channels = channels;
        this.device = device;
        this.precision = precision;
        this.attention = attention;
        this.budgetBytes = budgetBytes;
        this.log = log;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public DataType precision() {
        return precision;
    }

    @Override
    public LatentBatch sample(GenerationRequest request, ImageStart start, SamplingProgress progress,
                              BooleanSupplier cancelled) {
        int images = request.images();
        TransitionSettings settings = (TransitionSettings) request.sampling();
        float[] latent;
        try {
            latent = new TextToImageLatents(device, precision, attention, budgetBytes, log).generate(files,
                    Arrays.asList(request.captions()), request.escapeCaptions(), request.latentSize(), settings,
                    values -> RequestNoise.initial(request.seed(), images, values / images, request.suppliedNoise()),
                    progress, cancelled);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        NonFiniteResultException.checkImages(latent, images, "sampling", precision, settings.cfgScale,
                request.suppliedNoise() != null);
        return new LatentBatch(latent, request.latentSize(), channels, request.classes(),
                RequestNoise.seeds(request.seed(), images, request.suppliedNoise() != null));
    }

    /** Checked per request, phase by phase, by {@link TextToImageMemory} before anything loads. */
    @Override
    public long samplingBytes(int images, LatentSize size) {
        return 0;
    }

    @Override
    public void close() {
        // nothing is held between requests
    }
}
