/**
 * The SciJava front door: commands whose parameters are the macro keys, for scripts. Translates to
 * and from the pipeline; must not import {@code ij} (the ImageJ 1 plugins) or {@code cli}.
 */
package io.github.nitfiji.scijava;
