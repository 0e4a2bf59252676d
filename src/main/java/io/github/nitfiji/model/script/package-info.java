/**
 * The NiT forward as TorchScript generated at run time from the model's config, reusing the eager
 * engine's weights: one call per group of same-sized images. The eager engine stays the reference.
 *
 * <p>May import: model, model.nit.
 */
package io.github.nitfiji.model.script;
