package io.github.nitfiji.sampling;

import java.util.Map;

/**
 * What every sampler's settings share, whichever family's sampler runs them: the number of steps,
 * the guidance scale and interval, how many steps run from a start image, how many blocks of
 * step noise a supplied noise file must hold, and how the settings are recorded. The pipeline,
 * progress and provenance see only this; each family's stage knows its own concrete settings.
 */
public interface SamplingSettings {
    int steps();

    double cfgScale();

    double guidanceLow();

    double guidanceHigh();

    /**
     * Steps that run when sampling starts at time {@code start} (image-to-image strength; 1 = from
     * noise).
     */
    int stepsFrom(double start);

    /**
     * Blocks of step noise a supplied step-noise file holds ({@code [blocks, tokens, channels]}),
     * or 0 when these settings draw none (then a step-noise file is refused).
     */
    long stepNoiseBlocks();

    /** The provenance keys these settings decide ({@code nit.sampler}, {@code nit.steps}, ...). */
    void record(Map<String, String> provenance);
}
