/**
 * Fiji images as sources for image-to-image: every ImageJ type converted to the RGB the user
 * sees, one {@link io.github.nitfiji.pipeline.SourceImage} per processed slice, with the
 * selection as a mask and the provenance of the pixels (title, calibration, SHA-256).
 */
package io.github.nitfiji.fiji.source;
