/**
 * The ImageJ 1 front door: the Plugins &gt; NiT commands, their dialogs and macro keys (a stable
 * API). Translates to and from the shared jobs; holds no sampling or tensor code.
 *
 * <p>May import: catalog, fiji, pipeline, runtime, sampling, selftest.
 */
package io.github.nitfiji.fiji.ij;
