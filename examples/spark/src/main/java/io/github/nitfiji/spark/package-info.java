/**
 * NiT on a Spark cluster: batch jobs (the same job file as the {@code batch} command, tasks
 * partitioned across executors, the pipeline loaded once per executor JVM, images and manifests
 * written to any Hadoop-compatible path, resumable like the command), and the encoding of a
 * fine-tuning dataset into one latent cache ({@code train --encode-only --shard K/N} parts on the
 * executors), which {@code train} then uses on one machine.
 */
package io.github.nitfiji.spark;
