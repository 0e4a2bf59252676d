package io.github.nitfiji.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.sampling.Sampler;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SdeNoise;
import io.github.nitfiji.sampling.SeededNoise;
import io.github.nitfiji.sampling.SeededSdeNoise;
import io.github.nitfiji.sampling.SuppliedSdeNoise;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Loaded models and the generation they serve. Load once, generate many times; not thread-safe
 * (callers serialise requests).
 */
public final class Pipeline implements AutoCloseable {
    private final NitTransformer nit;

    public Pipeline(NitTransformer nit) {
        this.nit = nit;
    }

    public NitTransformer nit() {
        return nit;
    }

    /** Samples the latents of a request (the transformer part of generation). */
    public LatentBatch sampleLatents(GenerationRequest request, SamplingProgress progress, BooleanSupplier cancelled) {
        int channels = nit.config().inChannels;
        LatentSize size = request.latentSize();
        int images = request.images();
        int perImage = size.tokens() * channels;
        int[] classes = request.classes();
        for (int c : classes) {
            if (c > nit.config().nullClass()) {
                throw new IllegalArgumentException("class " + c + " is outside 0.." + nit.config().nullClass()
                        + " for this model");
            }
        }
        long[] seeds = new long[images];
        for (int i = 0; i < images; i++) {
            seeds[i] = request.seedOf(i);
        }
        float[] noise = initialNoise(request, seeds, perImage);
        SdeNoise sde = sdeNoise(request, seeds, perImage);
        List<LatentSize> sizes = Collections.nCopies(images, size);
        try (NDManager run = nit.newManager()) {
            NDArray x = run.create(noise, new Shape((long) images * size.tokens(), channels));
            NDArray latent = new Sampler(nit).sample(sizes, classes, x, sde, request.sampler(), progress, cancelled);
            return new LatentBatch(latent.toFloatArray(), size, channels, classes, seeds);
        }
    }

    private static float[] initialNoise(GenerationRequest request, long[] seeds, int perImage) {
        float[] supplied = request.suppliedNoise();
        int expected = seeds.length * perImage;
        if (supplied != null) {
            if (supplied.length != expected) {
                throw new IllegalArgumentException("supplied noise holds " + supplied.length + " values; "
                        + seeds.length + " image(s) of latent " + request.latentSize() + " need " + expected);
            }
            return supplied;
        }
        float[] noise = new float[expected];
        for (int i = 0; i < seeds.length; i++) {
            new SeededNoise(seeds[i], SeededNoise.INITIAL).fill(noise, i * perImage, perImage);
        }
        return noise;
    }

    private static SdeNoise sdeNoise(GenerationRequest request, long[] seeds, int perImage) {
        if (request.sampler().kind != SamplerKind.SDE) {
            return null;
        }
        float[] supplied = request.suppliedSdeDraws();
        if (supplied == null) {
            int[] counts = new int[seeds.length];
            java.util.Arrays.fill(counts, perImage);
            return new SeededSdeNoise(seeds, counts);
        }
        long expected = (long) (request.sampler().steps - 1) * seeds.length * perImage;
        if (supplied.length != expected) {
            throw new IllegalArgumentException("supplied SDE draws hold " + supplied.length + " values; "
                    + (request.sampler().steps - 1) + " steps x " + seeds.length + " image(s) of latent "
                    + request.latentSize() + " need " + expected);
        }
        return new SuppliedSdeNoise(supplied, seeds.length * perImage);
    }

    @Override
    public void close() {
        nit.close();
    }
}
