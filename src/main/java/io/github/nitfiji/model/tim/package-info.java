/**
 * TiM-C2I and TiM-T2I, the Transition Models (arXiv 2509.04394, WZDTHU/TiM): the NiT trunk with
 * decoupled t and delta-t embeddings, SwiGLU MLP, and for text a caption embedder and
 * cross-attention to the text encoder's states.
 *
 * <p>May import: io, model, model.transformer.
 */
package io.github.nitfiji.model.tim;
