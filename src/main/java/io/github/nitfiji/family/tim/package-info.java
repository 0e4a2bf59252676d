/**
 * The TiM families: TiM-C2I (class-conditional) and TiM-T2I (text-to-image, with Gemma-3 as its text
 * encoder), which share the transition sampler and its presets.
 *
 * <p>May import: catalog, family, io, model.*, pipeline, sampling.
 */
package io.github.nitfiji.family.tim;
