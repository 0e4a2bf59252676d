/**
 * Turning noise into latents: the ODE, Heun and SDE integrators, TiM's transition sampler, guidance
 * on an interval of t, the one noise rule of a request, and presets. Samplers see network
 * interfaces, never a concrete transformer.
 *
 * <p>May import: model.
 */
package io.github.nitfiji.sampling;
