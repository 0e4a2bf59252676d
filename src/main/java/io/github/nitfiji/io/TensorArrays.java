package io.github.nitfiji.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Raw little-endian tensor bytes to an NDArray, the same way for every checkpoint format. */
final class TensorArrays {
    private TensorArrays() {
    }

    /**
     * An array owned by {@code manager}: floating tensors become {@code target}; BF16 is widened in
     * Java first because handing BF16 to DJL's PyTorch engine aborts the JVM. Never aliases {@code raw}.
     */
    static NDArray create(ByteBuffer raw, TensorDType dtype, long[] shape, NDManager manager, DataType target) {
        Shape s = new Shape(shape);
        if (dtype == TensorDType.BF16) {
            float[] values = Float16.toFloats(raw, TensorDType.BF16, Math.toIntExact(s.size()));
            NDArray a = manager.create(values, s);
            return target == DataType.FLOAT32 ? NativeOwned.of(a) : convert(a, target);
        }
        NDArray a = manager.create(copyOf(raw), s, djlType(dtype));
        return !dtype.isFloating() || a.getDataType() == target ? NativeOwned.of(a) : convert(a, target);
    }

    private static DataType djlType(TensorDType dtype) {
        switch (dtype) {
            case F64: return DataType.FLOAT64;
            case F32: return DataType.FLOAT32;
            case F16: return DataType.FLOAT16;
            case I64: return DataType.INT64;
            case I32: return DataType.INT32;
            case U8: return DataType.UINT8;
            default: throw new IllegalArgumentException("no DJL type for " + dtype);
        }
    }

    private static NDArray convert(NDArray a, DataType target) {
        NDArray c = a.toType(target, false);
        a.close();
        return c;
    }

    /** Checkpoint data is little-endian, as is every platform DJL's PyTorch natives ship for. */
    private static ByteBuffer copyOf(ByteBuffer raw) {
        ByteBuffer owned = ByteBuffer.allocateDirect(raw.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        owned.put(raw.duplicate());
        owned.flip();
        return owned;
    }
}
