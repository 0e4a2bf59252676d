package io.github.nitfiji.io;

import java.util.Locale;

/** Element types a safetensors file may hold that we read; names as written in the header. */
public enum TensorDType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), U8(1);

    private final int bytes;

    TensorDType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** Parses a header dtype, or returns null when we do not support it. */
    static TensorDType fromHeader(String name) {
        for (TensorDType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }
}
