/**
 * Batch generation of whole data sets: a job file (JSON or CSV) expanded into one task per image,
 * split into disjoint shards, run with a manifest row per image, resumed and merged with every row
 * checked. Runs on the engine through {@link io.github.nitfiji.batch.TaskRunner}, so the command
 * line and the Spark job share it.
 *
 * <p>May import: catalog, io, pipeline.
 */
package io.github.nitfiji.batch;
