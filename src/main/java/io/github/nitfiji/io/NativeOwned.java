package io.github.nitfiji.io;

import ai.djl.ndarray.NDArray;

/**
 * Weights whose memory libtorch owns. On the CPU, DJL's PyTorch engine wraps the Java direct
 * buffer an array is created from and keeps that buffer alive as long as the array. Java caps
 * direct memory ({@code -XX:MaxDirectMemorySize}, by default the heap maximum: a quarter of the RAM
 * for {@code java -jar}), so gigabytes of weights held that way fail to load with "Cannot reserve
 * ... direct buffer memory" long before the machine is out of memory (TiM-T2I with Gemma-3 is
 * 7.5 GB in FP32). A copy made by libtorch releases the Java buffer to the garbage collector.
 */
public final class NativeOwned {
    private NativeOwned() {
    }

    /**
     * {@code created} itself when its device already copied the data (a GPU), else a libtorch copy;
     * {@code created} is closed in that case.
     */
    public static NDArray of(NDArray created) {
        if (created.getDevice().isGpu()) {
            return created;
        }
        NDArray owned = created.duplicate();
        created.close();
        return owned;
    }
}
