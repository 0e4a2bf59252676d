package io.github.nitfiji.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Copies a strided view out of a window of its storage into row-major order. */
final class StridedGather {
    private StridedGather() {
    }

    /** {@code window} starts at the view's offset; shape and strides are in elements of {@code size} bytes. */
    static ByteBuffer gather(byte[] window, int size, long[] shape, long[] stride) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        byte[] out = new byte[Math.toIntExact(count * size)];
        long[] index = new long[shape.length];
        long source = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(window, (int) (source * size), out, i * size, size);
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d]++;
                source += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                source -= stride[d] * shape[d];
                index[d] = 0;
            }
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }
}
