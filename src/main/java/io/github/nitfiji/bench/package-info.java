/**
 * Timings of the engine on this machine with random weights of the real architectures: NiT
 * forwards and steps, TiM steps with their FLOP budget, DC-AE decodes, image-to-image and
 * text-to-image; the command line's {@code bench} prints them.
 *
 * <p>May import: catalog, family.*, model.*, pipeline, runtime, sampling, source.
 */
package io.github.nitfiji.bench;
