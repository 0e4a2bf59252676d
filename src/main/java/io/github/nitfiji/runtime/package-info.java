/**
 * The runtime on this machine: which PyTorch library (libtorch) loads and getting a better one
 * (platform and driver facts, the one decision over them, the recorded choice), devices, CPU
 * features and threads, precision plans, executors and memory readings.
 *
 * <p>May import: catalog, io.
 */
package io.github.nitfiji.runtime;
