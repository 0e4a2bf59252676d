/**
 * Which PyTorch library (libtorch) the engine loads on this machine, and getting a better one:
 * the platform and NVIDIA driver facts (read without loading the engine), the one decision over
 * them ({@link io.github.nitfiji.catalog.engine.EngineDecision}), the choice recorded in the
 * models folder, and installing DJL's CUDA build of libtorch or adopting an existing one.
 *
 * <p>The recorded choice reaches DJL through {@code PYTORCH_LIBRARY_PATH} and
 * {@code PYTORCH_FLAVOR}, set as system properties before the engine first loads (DJL reads
 * each as an environment variable first, then as a system property).
 */
package io.github.nitfiji.catalog.engine;
