/**
 * The ImageJ 1 front door: the Plugins &gt; NiT commands, the "NiT Generate..." dialog (its rules
 * as data in {@code GenerateForm}, what it says in {@code GenerateFeedback}) and its macro keys (a
 * stable API), the NiT History and preview windows, result stacks with provenance. Translates to
 * and from the pipeline; holds no sampling or tensor code, and nothing in the engine imports it.
 */
package io.github.nitfiji.ij;
