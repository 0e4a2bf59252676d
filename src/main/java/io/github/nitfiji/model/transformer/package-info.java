/**
 * The transformer trunk shared by NiT and TiM: the 2D RoPE table with its trained position quirk,
 * the sinusoidal timestep features and their embedding MLP, q/k-normalised self-attention (eager
 * or fused), the parameter-free LayerNorm and the adaLN modulation helpers. Both models bind these
 * to their own official state-dict keys. The three configs are read and checked, and the three
 * transformers loaded, by one piece each ({@link io.github.nitfiji.model.transformer.TrunkConfig},
 * {@link io.github.nitfiji.model.transformer.TrunkLoad}).
 */
package io.github.nitfiji.model.transformer;
