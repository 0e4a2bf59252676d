package io.github.nitfiji.pipeline;

import io.github.nitfiji.runtime.PrecisionPlan;
import java.util.List;
import java.util.Map;

/** What a generation made: the images (or only the latents) and the provenance of each image. */
public final class GenerationOutcome {
    private final PreparedGeneration prepared;
    private final GenerationResult result;
    private final LatentBatch latents;
    private final List<Map<String, String>> provenance;
    private final String device;
    private final String precision;
    private final String configJson;

    GenerationOutcome(PreparedGeneration prepared, GenerationResult result, LatentBatch latents,
                      List<Map<String, String>> provenance, String device, String precision, String configJson) {
        this.prepared = prepared;
        this.result = result;
        this.latents = latents;
        this.provenance = List.copyOf(provenance);
        this.device = device;
        this.precision = precision;
        this.configJson = configJson;
    }

    public PreparedGeneration prepared() {
        return prepared;
    }

    /** The spec that regenerates these images (seed and model filled in). */
    public GenerationSpec spec() {
        return prepared.spec();
    }

    /** The decoded images and timings, or null when only latents were made. */
    public GenerationResult result() {
        return result;
    }

    public LatentBatch latents() {
        return latents;
    }

    /** Provenance of image i, the same keys for every image and every front door. */
    public Map<String, String> provenance(int image) {
        return provenance.get(image);
    }

    /** The device that ran, e.g. "cpu()". */
    public String device() {
        return device;
    }

    /** fp32, fp16 or fp32+bf16-decoder ({@link PrecisionPlan#id()}). */
    public String precision() {
        return precision;
    }

    /** The architecture of the network that ran, as JSON (null when not known). */
    public String configJson() {
        return configJson;
    }
}
