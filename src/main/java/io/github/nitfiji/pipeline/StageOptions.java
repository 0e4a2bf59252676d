package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.PrecisionPlan;

/**
 * How a family loads its stage: the device, the precision (and which parts run in bfloat16 on a CPU
 * that has the units: {@link PrecisionPlan}), the attention kernel, the executor, the memory budget.
 */
public final class StageOptions {
    public final Device device;
    public final DataType precision;
    public final PrecisionPlan plan;
    public final AttentionKind attention;
    public final Executor executor;
    /** Peak memory a request may use (a stage that loads per request checks its phases against it). */
    public final long memoryBudgetBytes;

    public StageOptions(Device device, PrecisionPlan plan, AttentionKind attention, Executor executor,
                        long memoryBudgetBytes) {
        this.device = device;
        this.precision = plan.dataType;
        this.plan = plan;
        this.attention = attention;
        this.executor = executor;
        this.memoryBudgetBytes = memoryBudgetBytes;
    }

    /** Whether a stage's matrix products run in bfloat16 (the plan's choice, on a CPU only). */
    public boolean bf16Matmuls() {
        return plan.transformerBf16 && Device.Type.CPU.equals(device.getDeviceType());
    }

    /** Whether the decoder's convolutions run in bfloat16 (the plan's choice, on a CPU only). */
    public boolean bf16Decoder() {
        return plan.decoderBf16 && Device.Type.CPU.equals(device.getDeviceType());
    }
}
