/**
 * The TiM families (Transition Models): TiM-C2I (class-conditional) and TiM-T2I (text-to-image,
 * with Gemma-3 as its text encoder), which share the transition sampler and its presets.
 */
package io.github.nitfiji.family.tim;
