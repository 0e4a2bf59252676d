package io.github.nitfiji.io;

/**
 * One tensor of a PyTorch checkpoint as its pickle describes it: a strided view into a storage
 * (a raw array of one dtype, kept in the zip entry {@code data/<storageKey>}).
 */
final class TorchTensorRecord {
    final String storageKey;
    final TensorDType dtype;
    /** Elements the storage declares; its zip entry must hold exactly this many. */
    final long storageElements;
    final long offset;
    final long[] shape;
    final long[] stride;

    TorchTensorRecord(String storageKey, TensorDType dtype, long storageElements, long offset,
                      long[] shape, long[] stride) {
        this.storageKey = storageKey;
        this.dtype = dtype;
        this.storageElements = storageElements;
        this.offset = offset;
        this.shape = shape;
        this.stride = stride;
    }

    long elementCount() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Whether the view is the storage's row-major layout from {@code offset} on (no gather needed). */
    boolean isContiguous() {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }
}
