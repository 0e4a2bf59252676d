package io.github.nitfiji.pipeline;

import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.sampling.SamplingProgress;
import java.util.function.BooleanSupplier;

/**
 * The sampling half of a pipeline: one model family's loaded network and sampler. It turns a
 * request into latents; {@link Pipeline} checks them, decodes and crops the same way for every
 * family. Each family makes its stage ({@link ModelFamily#load}).
 */
public interface SamplingStage extends AutoCloseable {
    /** Latent channels the stage produces (the decoder must take as many). */
    int channels();

    /** The precision the network runs in (for the non-finite message). */
    DataType precision();

    /**
     * The latents of every image of {@code request}, from noise (the request's seeds or supplied
     * noise, {@link io.github.nitfiji.sampling.RequestNoise}) or, when {@code start} is not null,
     * from an encoded source image (only families that {@link ModelFamily#takes take} a source).
     * Seeds are recorded as -1 when the noise was supplied.
     */
    LatentBatch sample(GenerationRequest request, ImageStart start, SamplingProgress progress,
                       BooleanSupplier cancelled);

    /**
     * Peak bytes of sampling {@code images} images of {@code size} on top of the resident
     * weights, for the memory plan; 0 when the stage checks its own phases at run time.
     */
    long samplingBytes(int images, LatentSize size);

    /** What would make a refused request fit, for the memory message ("" when nothing). */
    default String memoryAdvice(SettingNames names) {
        return "";
    }

    /** How the network runs now and why (e.g. "script (...)"), for status lines and Diagnostics. */
    default String executorReport() {
        return "eager";
    }

    /** The network's architecture as JSON, recorded with saved latents; null when not known. */
    default String configJson() {
        return null;
    }

    @Override
    void close();
}
