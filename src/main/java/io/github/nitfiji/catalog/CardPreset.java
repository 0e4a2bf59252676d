package io.github.nitfiji.catalog;

import java.util.Optional;

/**
 * A named set of sampler settings recommended by a card, mostly the settings behind the NiT
 * paper's FID numbers. Width and height are absent for presets that fit any size. (Not the
 * sampler choice {@link io.github.nitfiji.sampling.Preset}, fast / paper / custom.)
 */
public final class CardPreset {
    private final String name;
    private final String description;
    private final Integer width;
    private final Integer height;
    private final String sampler;
    private final int steps;
    private final double cfgScale;
    private final double guidanceLow;
    private final double guidanceHigh;
    private final Double fid;

    CardPreset(String name, String description, Integer width, Integer height, String sampler, int steps,
           double cfgScale, double guidanceLow, double guidanceHigh, Double fid) {
        this.name = name;
        this.description = description;
        this.width = width;
        this.height = height;
        this.sampler = sampler;
        this.steps = steps;
        this.cfgScale = cfgScale;
        this.guidanceLow = guidanceLow;
        this.guidanceHigh = guidanceHigh;
        this.fid = fid;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Image width in pixels this preset was measured at, if it is size-specific. */
    public Optional<Integer> width() {
        return Optional.ofNullable(width);
    }

    public Optional<Integer> height() {
        return Optional.ofNullable(height);
    }

    /** "ode" (Euler) or "sde" (Euler-Maruyama). */
    public String sampler() {
        return sampler;
    }

    public int steps() {
        return steps;
    }

    public double cfgScale() {
        return cfgScale;
    }

    /** CFG applies on steps whose t lies in [guidanceLow, guidanceHigh] (t = 1 is noise). */
    public double guidanceLow() {
        return guidanceLow;
    }

    public double guidanceHigh() {
        return guidanceHigh;
    }

    /** FID the paper reports for these settings, if any. */
    public Optional<Double> fid() {
        return Optional.ofNullable(fid);
    }

    @Override
    public String toString() {
        return name;
    }
}
