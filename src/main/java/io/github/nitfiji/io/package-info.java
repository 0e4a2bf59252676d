/**
 * Files: the validating safetensors reader and writer, PyTorch checkpoints read without executing
 * anything, FP16/BF16 widening, atomic writes, the one output-safety rule, the one strict JSON
 * reader, image files read header first, PNG and TIFF files written with their text (no ImageJ
 * needed), and user text made safe to echo. The lowest layer.
 *
 * <p>May import: nothing.
 */
package io.github.nitfiji.io;
