package io.github.nitfiji.sampling;

import io.github.nitfiji.EnumIds;

/** The official samplers: Euler ODE, Heun (second-order ODE) and Euler–Maruyama SDE. */
public enum SamplerKind {
    ODE, HEUN, SDE;

    public static SamplerKind parse(String text) {
        return EnumIds.parse(SamplerKind.class, text, "sampler");
    }

    public String id() {
        return EnumIds.id(this);
    }
}
