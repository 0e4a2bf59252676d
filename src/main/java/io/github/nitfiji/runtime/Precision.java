package io.github.nitfiji.runtime;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.EnumIds;

/**
 * Arithmetic precision of a run. AUTO means FP16 on a GPU and, on the CPU, FP32 or bfloat16 decoder
 * convolutions where the CPU is measured faster with them; BF16 asks for the latter ({@link PrecisionPlan}).
 */
public enum Precision {
    AUTO, FP32, FP16, BF16;

    public static Precision parse(String text) {
        return EnumIds.parse(Precision.class, text, "precision");
    }

    /** The DJL type of the weights and activations for a run on {@code device} (see {@link PrecisionPlan}). */
    public DataType dataType(Device device) {
        switch (this) {
            case FP32:
                return DataType.FLOAT32;
            case FP16:
                return DataType.FLOAT16;
            case BF16:
                return DataType.FLOAT32; // weights and activations; the kernels cast (PrecisionPlan)
            default:
                return device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        }
    }

    public static String id(DataType type) {
        return type == DataType.FLOAT16 ? "fp16" : "fp32";
    }
}
