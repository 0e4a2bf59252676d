/**
 * Tests across the loaders and the engine: seeded mutation fuzzing of every parser (only our own
 * exception types may come out) and native-memory leak checks. Test code only.
 */
package io.github.nitfiji.robustness;
