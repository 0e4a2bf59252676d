package io.github.nitfiji.pipeline;

import io.github.nitfiji.sampling.SamplingSettings;

/** The settings a preset runs and where they come from, e.g. "paper-768x416 (nit-xl-1000k card)". */
public final class PresetChoice {
    public final String name;
    public final SamplingSettings settings;

    public PresetChoice(String name, SamplingSettings settings) {
        this.name = name;
        this.settings = settings;
    }
}
