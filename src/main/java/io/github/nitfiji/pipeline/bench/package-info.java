/**
 * Timings of the engine on this machine (NiT forwards and sampling steps, DC-AE decodes) with
 * random weights of the real architectures; the command line's {@code bench} prints them.
 */
package io.github.nitfiji.pipeline.bench;
