package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.nit.AttentionKind;

/** How a family loads its stage: the device, the precision, the attention kernel, the executor, the memory budget. */
public final class StageOptions {
    public final Device device;
    public final DataType precision;
    public final AttentionKind attention;
    public final Executor executor;
    /** Peak memory a request may use (a stage that loads per request checks its phases against it). */
    public final long memoryBudgetBytes;

    public StageOptions(Device device, DataType precision, AttentionKind attention, Executor executor,
                        long memoryBudgetBytes) {
        this.device = device;
        this.precision = precision;
        this.attention = attention;
        this.executor = executor;
        this.memoryBudgetBytes = memoryBudgetBytes;
    }
}
