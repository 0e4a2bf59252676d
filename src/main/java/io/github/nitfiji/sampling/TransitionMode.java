package io.github.nitfiji.sampling;

import io.github.nitfiji.EnumIds;

/**
 * How TiM's transition sampler asks the network: TRANSITION for the jump from t to the next grid
 * time (r = next, the default), DDIFFUSION for the velocity at t (r = t: a plain Euler step, the
 * official {@code 'ddiffusion'}). Both update with the grid's next time.
 */
public enum TransitionMode {
    TRANSITION, DDIFFUSION;

    public static TransitionMode parse(String text) {
        return EnumIds.parse(TransitionMode.class, text, "TiM mode");
    }

    public String id() {
        return EnumIds.id(this);
    }
}
