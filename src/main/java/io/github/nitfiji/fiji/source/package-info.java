/**
 * Fiji images as sources: every ImageJ type converted to the RGB the user sees, one
 * {@link io.github.nitfiji.source.SourceImage} per processed slice, with the selection as a mask and
 * the provenance of the pixels.
 *
 * <p>May import: pipeline, source.
 */
package io.github.nitfiji.fiji.source;
