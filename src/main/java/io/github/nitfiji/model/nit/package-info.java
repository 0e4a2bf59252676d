/**
 * The NiT transformer, bound to the official state-dict keys, and its config (the official
 * constructor arguments): packed batches of any latent sizes, extra class rows for fine-tunes.
 *
 * <p>May import: io, model, model.transformer.
 */
package io.github.nitfiji.model.nit;
