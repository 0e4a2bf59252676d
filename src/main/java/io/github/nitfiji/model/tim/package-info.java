/**
 * TiM-C2I, the class-conditional Transition Model (arXiv 2509.04394, github WZDTHU/TiM): the NiT
 * trunk with decoupled t and Δt = t - r embeddings, SwiGLU MLP and adaLN, and the Δt embedding
 * added into every block's qkv. It predicts the transition F with x_r = x_t - (t - r) F, so one
 * network samples in 1, a few or many steps. TiM-T2I, the text-to-image variant, adds a caption
 * embedder and a cross-attention to the text encoder's states in every block.
 */
package io.github.nitfiji.model.tim;
