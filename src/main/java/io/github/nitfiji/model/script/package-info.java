/**
 * Executors that run the NiT forward as TorchScript our code generates at run time from the
 * model's config, reusing the eager engine's weights: one call per group of same-sized images
 * instead of some 40 JNI calls per block. The eager engine in {@code model.nit} stays the
 * reference and the fallback.
 */
package io.github.nitfiji.model.script;
