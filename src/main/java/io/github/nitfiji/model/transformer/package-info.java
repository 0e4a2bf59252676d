/**
 * The transformer trunk shared by NiT and TiM: the 2D RoPE table with its trained position quirk,
 * the timestep embedding, q/k-normalised self-attention (eager or fused), adaLN modulation, LoRA
 * hooks on linear layers, and the one config reader and loader of the three transformers.
 *
 * <p>May import: io, model.
 */
package io.github.nitfiji.model.transformer;
