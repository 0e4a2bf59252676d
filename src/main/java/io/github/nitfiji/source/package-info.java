/**
 * Work that starts from an image: the source image in the engine's terms, read from files (any
 * ImageJ-readable depth) or handed over by a front door, resampled, encoded onto the latent grid,
 * and blended back inside a selection.
 *
 * <p>May import: io, model.*.
 */
package io.github.nitfiji.source;
