/**
 * The DC-AE decoder's card kind (the decoder itself is loaded by the pipeline, for every family).
 *
 * <p>May import: catalog, family, io, model.*.
 */
package io.github.nitfiji.family.dcae;
