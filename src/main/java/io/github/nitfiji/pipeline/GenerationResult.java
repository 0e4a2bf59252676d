package io.github.nitfiji.pipeline;

import java.util.List;

/** The images of one request, in request order, with the request that made them and timings. */
public final class GenerationResult {
    public final GenerationRequest request;
    public final List<GeneratedImage> images;
    /** The sampled latents the images were decoded from. */
    public final LatentBatch latents;
    public final double samplingSeconds;
    public final double decodingSeconds;

    GenerationResult(GenerationRequest request, List<GeneratedImage> images, LatentBatch latents,
                     double samplingSeconds, double decodingSeconds) {
        this.request = request;
        this.images = List.copyOf(images);
        this.latents = latents;
        this.samplingSeconds = samplingSeconds;
        this.decodingSeconds = decodingSeconds;
    }
}
