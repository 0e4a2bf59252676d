/**
 * The jobs shared by Fiji's two front doors (the ImageJ 1 plugins and the SciJava commands):
 * macro-key options, the run on the session's shared pipeline, progress, result stacks, Fiji's
 * words for the engine's advice. It depends on ImageJ's image classes but on neither front door.
 *
 * <p>May import: catalog, fiji.source, io, pipeline, runtime, sampling, source.
 */
package io.github.nitfiji.fiji;
