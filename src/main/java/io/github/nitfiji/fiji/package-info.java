/**
 * The "NiT Generate" job shared by Fiji's two front doors, the ImageJ 1 plugin and the SciJava
 * command: macro-key options, the run on the session's shared pipeline, progress and previews,
 * the result stack (in the start image's type when asked), and the session's history of runs. It
 * depends on ImageJ's image classes but on neither front door.
 *
 * <p>May import: catalog, fiji.source, io, pipeline, runtime, sampling, source.
 */
package io.github.nitfiji.fiji;
