package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.EnumIds;

/** Arithmetic precision of a run. AUTO means FP16 on a GPU and FP32 on the CPU. */
public enum Precision {
    AUTO, FP32, FP16;

    public static Precision parse(String text) {
        return EnumIds.parse(Precision.class, text, "precision");
    }

    /** The DJL type for a run on {@code device}. */
    public DataType dataType(Device device) {
        switch (this) {
            case FP32:
                return DataType.FLOAT32;
            case FP16:
                return DataType.FLOAT16;
            default:
                return device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        }
    }

    public static String id(DataType type) {
        return type == DataType.FLOAT16 ? "fp16" : "fp32";
    }
}
