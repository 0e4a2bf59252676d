/**
 * Fine-tuning NiT as the official trainer does it (WZDTHU/NiT {@code packed_trainer_c2i.py}):
 * datasets at native resolution, their latent cache, packing, the flow-matching step with AdamW
 * and EMA, LoRA adapters and new classes, checkpoints that survive, and the fine-tune as a model.
 * An engine package: imports {@code io}, {@code model}, {@code sampling}, {@code pipeline}
 * (resampling, memory), {@code labels} and {@code catalog}; never a front door ({@code ij},
 * {@code scijava}, {@code cli}).
 */
package io.github.nitfiji.train;
