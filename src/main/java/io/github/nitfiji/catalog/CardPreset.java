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
    private final double stochasticity;
    private final Double fid;

    CardPreset(String name, String description, Integer width, Integer height, String sampler, int steps,
           double cfgScale, double guidanceLow, double guidanceHigh, double stochasticity, Double fid) {
        this.name = name;
        this.description = description;
        this.width = width;
        this.height = height;
        this.sampler = sampler;
        this.steps = steps;
        this.cfgScale = cfgScale;
        this.guidanceLow = guidanceLow;
        this.guidanceHigh = guidanceHigh;
        this.stochasticity = stochasticity;
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

    /**
     * NiT: "ode" (Euler) or "sde" (Euler-Maruyama). TiM: "transition" or "ddiffusion" (the modes
     * of its transition sampler).
     */
    public String sampler() {
        return sampler;
    }

    public int steps() {
        return steps;
    }

    public double cfgScale() {
        return cfgScale;
    }

    /**
     * CFG applies on steps whose t lies in [guidanceLow, guidanceHigh] (t = 1 is noise); TiM's
     * sampler uses the open interval (guidanceLow, guidanceHigh).
     */
    public double guidanceLow() {
        return guidanceLow;
    }

    public double guidanceHigh() {
        return guidanceHigh;
    }

    /** TiM's stochasticity ratio s in [0, 1] (0 = deterministic; always 0 for NiT). */
    public double stochasticity() {
        return stochasticity;
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
