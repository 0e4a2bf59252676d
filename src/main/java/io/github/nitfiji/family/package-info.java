/**
 * The model families, one package each ({@code nit}, {@code tim}, {@code dcae}), plugged into the
 * engine through {@link io.github.nitfiji.pipeline.ModelFamily} and
 * {@link io.github.nitfiji.catalog.ModelKind} registrations in {@code META-INF/services}; this
 * package holds what they share. Families may import the engine packages ({@code io},
 * {@code model}, {@code sampling}, {@code catalog}, {@code labels}, {@code pipeline}); nothing
 * imports a family but its registration and its own tests.
 */
package io.github.nitfiji.family;
