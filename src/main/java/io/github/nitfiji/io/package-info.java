/**
 * Files: the validating safetensors reader and writer, FP16/BF16 widening, atomic writes, and the
 * one strict reader for JSON configs and model cards. The lowest layer: it imports no other
 * package of the project.
 */
package io.github.nitfiji.io;
