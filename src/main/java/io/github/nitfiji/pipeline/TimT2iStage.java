package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SeededNoise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * TiM-T2I with its Gemma text encoder, through {@link TextToImageLatents}: each request loads
 * Gemma, encodes the caption (once per image, as the official batching does) and the empty
 * caption, closes Gemma, then loads TiM-T2I and samples; the two never share memory, so neither
 * is kept between requests. The caption gets TiM's training-time unicode escape.
 */
final class TimT2iStage implements TimStage {
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
    public LatentBatch sample(GenerationRequest request, SamplingProgress progress, BooleanSupplier cancelled) {
        int images = request.images();
        long[] seeds = new long[images];
        for (int i = 0; i < images; i++) {
            seeds[i] = request.suppliedNoise() != null ? -1 : request.seedOf(i);
        }
        float[] latent;
        try {
            latent = new TextToImageLatents(device, precision, attention, budgetBytes, log).generate(files,
                    Collections.nCopies(images, request.caption()), true, request.latentSize(), request.transition(),
                    values -> noise(request, values), progress, cancelled);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return new LatentBatch(latent, request.latentSize(), channels, request.classes(), seeds);
    }

    /** Supplied noise of the right length, or seed + i per image on the CPU (as for NiT). */
    private static float[] noise(GenerationRequest request, int values) {
        float[] supplied = request.suppliedNoise();
        if (supplied != null) {
            if (supplied.length != values) {
                throw new IllegalArgumentException("supplied noise holds " + supplied.length + " values; "
                        + request.images() + " image(s) of latent " + request.latentSize() + " need " + values);
            }
            NonFiniteResultException.checkSupplied(supplied, "initial noise");
            return supplied;
        }
        float[] out = new float[values];
        int perImage = values / request.images();
        for (int i = 0; i < request.images(); i++) {
            new SeededNoise(request.seedOf(i), SeededNoise.INITIAL).fill(out, i * perImage, perImage);
        }
        return out;
    }

    @Override
    public void close() {
        // nothing is held between requests
    }
}
