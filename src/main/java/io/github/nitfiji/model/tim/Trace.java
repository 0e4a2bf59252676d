package io.github.nitfiji.model.tim;

import ai.djl.ndarray.NDArray;

/**
 * Receives named intermediates of a forward pass (for comparison with the official model's
 * hooks). The array is only valid during the call: a recorder copies what it keeps.
 */
@FunctionalInterface
interface Trace {
    Trace NONE = (name, value) -> { };

    void record(String name, NDArray value);
}
