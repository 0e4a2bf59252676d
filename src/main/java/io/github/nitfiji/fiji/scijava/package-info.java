/**
 * The SciJava front door: NiT Generate (SciJava) and NiT Train (SciJava), commands whose parameters
 * are the macro keys, for scripts.
 *
 * <p>May import: fiji, fiji.train.
 */
package io.github.nitfiji.fiji.scijava;
