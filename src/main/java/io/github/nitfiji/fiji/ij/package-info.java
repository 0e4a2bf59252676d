/**
 * The ImageJ 1 front door: the Plugins &gt; NiT commands, the "NiT Generate..." dialog (its rules
 * as data in {@code GenerateForm}, what it says in {@code GenerateFeedback}) and its macro keys (a
 * stable API), the NiT History and preview windows. Translates to and from the shared jobs; holds
 * no sampling or tensor code, and nothing in the engine imports it.
 *
 * <p>May import: catalog, fiji, fiji.source, fiji.train, labels, pipeline, runtime, sampling, selftest, train.
 */
package io.github.nitfiji.fiji.ij;
