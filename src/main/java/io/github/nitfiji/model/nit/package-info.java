/**
 * The NiT transformer, bound to the official state-dict keys, and its config (the official
 * constructor arguments): packed batches of any latent sizes, 2D RoPE with the trained position
 * quirk. Imports only {@code io} and {@code model}.
 */
package io.github.nitfiji.model.nit;
