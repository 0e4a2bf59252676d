/**
 * Batch generation of whole data sets: a job file (JSON or CSV) of requests is expanded
 * deterministically into one task per image, split into disjoint shards for any scheduler, run
 * with a manifest row per image and resumed after a crash by skipping verified images.
 *
 * <p>Runs on the engine through {@link io.github.nitfiji.batch.TaskRunner}; it imports no front
 * door, so the command line and the Spark job share it.
 */
package io.github.nitfiji.batch;
