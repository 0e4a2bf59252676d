/** The NiT family: class-conditioned at any size, its velocity integrators, its card presets, image-to-image. */
package io.github.nitfiji.family.nit;
