/**
 * Fine-tunes made on this machine: an installed NiT with its adapters merged in at load and its own
 * classes, sampled as its base is.
 *
 * <p>May import: catalog, family, family.nit, io, labels, model.*, pipeline, runtime, sampling, train.
 */
package io.github.nitfiji.family.finetune;
