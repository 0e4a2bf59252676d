/**
 * NiT batch jobs on a Spark cluster: the same job file as the {@code batch} command, tasks
 * partitioned across executors, the pipeline loaded once per executor JVM, images and manifests
 * written to any Hadoop-compatible path, resumable like the command.
 */
package io.github.nitfiji.spark;
