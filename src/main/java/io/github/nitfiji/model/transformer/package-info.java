/**
 * The transformer trunk shared by NiT and TiM: the 2D RoPE table with its trained position quirk,
 * the sinusoidal timestep features and their embedding MLP, q/k-normalised self-attention (eager
 * or fused), the parameter-free LayerNorm and the adaLN modulation helpers. Both models bind these
 * to their own official state-dict keys.
 */
package io.github.nitfiji.model.transformer;
