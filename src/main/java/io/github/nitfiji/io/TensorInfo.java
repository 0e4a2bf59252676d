package io.github.nitfiji.io;

import java.util.Arrays;

/** One header entry of a safetensors file: name, dtype, shape and byte range in the data section. */
public final class TensorInfo {
    private final String name;
    private final TensorDType dtype;
    private final long[] shape;
    private final long begin;
    private final long end;

    TensorInfo(String name, TensorDType dtype, long[] shape, long begin, long end) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.begin = begin;
        this.end = end;
    }

    public String name() {
        return name;
    }

    public TensorDType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    long begin() {
        return begin;
    }

    long byteLength() {
        return end - begin;
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
