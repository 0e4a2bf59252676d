/**
 * Turning noise into latents: the ODE (Euler), Heun and SDE samplers with classifier-free guidance
 * on an interval of t, seeded noise that is the same on every device, and sampler presets.
 * Imports only {@code model}; never pipeline, catalog or a front door.
 */
package io.github.nitfiji.sampling;
