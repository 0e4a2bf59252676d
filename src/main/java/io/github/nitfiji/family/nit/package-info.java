/**
 * The NiT family: class-conditioned at any size, its velocity integrators, its card presets,
 * image-to-image.
 *
 * <p>May import: catalog, family, io, model.*, pipeline, runtime, sampling.
 */
package io.github.nitfiji.family.nit;
