package io.github.nitfiji.pipeline;

import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.sampling.SamplingProgress;
import java.util.function.BooleanSupplier;

/**
 * The sampling half of a TiM pipeline: a request's latents from TiM's transition sampler, with
 * NiT's seed rules. {@link Pipeline} checks them, decodes and crops exactly as it does for NiT.
 */
interface TimStage extends AutoCloseable {
    /** Latent channels the sampler produces (the decoder must take as many). */
    int channels();

    /** The precision the transformer runs in (for the non-finite message). */
    DataType precision();

    /** The latents of every image of {@code request} (which carries its transition settings). */
    LatentBatch sample(GenerationRequest request, SamplingProgress progress, BooleanSupplier cancelled);

    @Override
    void close();
}
