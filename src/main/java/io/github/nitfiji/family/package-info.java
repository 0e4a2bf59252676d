/**
 * The model families, one package each, plugged into the engine through
 * {@link io.github.nitfiji.pipeline.ModelFamily} and {@link io.github.nitfiji.catalog.ModelKind}
 * registrations in {@code META-INF/services}; this package holds what they share. Nothing imports
 * a family but its registration, a fine-tune's family, benchmarks and tests.
 *
 * <p>May import: io, model.*, pipeline.
 */
package io.github.nitfiji.family;
