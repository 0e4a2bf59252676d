package io.github.nitfiji.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions of half-width floats (IEEE FP16 and bfloat16) to float32, done in Java. */
final class Float16 {
    private Float16() {
    }

    static float[] toFloats(ByteBuffer raw, TensorDType dtype, int count) {
        ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        switch (dtype) {
            case F32:
                b.asFloatBuffer().get(out);
                break;
            case F64:
                for (int i = 0; i < count; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
                break;
            case BF16:
                for (int i = 0; i < count; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                }
                break;
            case F16:
                for (int i = 0; i < count; i++) {
                    out[i] = halfToFloat(b.getShort(2 * i));
                }
                break;
            default:
                throw new IllegalArgumentException("not a floating dtype: " + dtype);
        }
        return out;
    }

    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
