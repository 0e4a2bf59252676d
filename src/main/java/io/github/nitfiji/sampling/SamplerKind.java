package io.github.nitfiji.sampling;

import java.util.Locale;

/** The official samplers: Euler ODE, Heun (second-order ODE) and Euler–Maruyama SDE. */
public enum SamplerKind {
    ODE, HEUN, SDE;

    public static SamplerKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sampler '" + text + "' is unknown; use ode, heun or sde");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
