/**
 * Checks of this installation: the self-test (golden end-to-end case, FP16 against FP32, a short
 * benchmark), the comparison of two decoders, and the diagnostics report.
 *
 * <p>May import: catalog, io, model.*, pipeline, runtime, sampling.
 */
package io.github.nitfiji.selftest;
