/**
 * Fine-tuning NiT as the official trainer does it (WZDTHU/NiT {@code packed_trainer_c2i.py}):
 * datasets at native resolution, their latent cache, packing, the flow-matching step with AdamW and
 * EMA, LoRA adapters and new classes, checkpoints that survive, and the fine-tune as a model.
 *
 * <p>May import: catalog, io, labels, model.*, pipeline, runtime, sampling, source.
 */
package io.github.nitfiji.train;
