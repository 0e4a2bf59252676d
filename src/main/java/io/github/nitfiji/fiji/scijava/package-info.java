/**
 * The SciJava front door: commands whose parameters are the macro keys, for scripts.
 *
 * <p>May import: fiji.
 */
package io.github.nitfiji.fiji.scijava;
