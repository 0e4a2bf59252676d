package io.github.nitfiji.runtime;

import ai.djl.Device;
import java.util.Objects;

/**
 * The executor a run uses and why, decided by a pure function of the request and the device.
 *
 * <p>AUTO means the scripted forward on a GPU, where eager per-op dispatch is what a batch-1 user
 * waits for (an H200 ran a DiT-XL-shaped forward in 6.8 ms scripted against 17.2 ms eager). On
 * the CPU it means whichever executor this project's CPU benchmark measured faster
 * ({@link #CPU_SCRIPT_FASTER}, numbers in docs/performance.md).
 */
public final class ExecutorChoice {
    /**
     * What this project's CPU benchmark showed on its 2-core AMD EPYC machine: the scripted forward
     * took less CPU time at every size measured (2-11 % with 1 thread at 256^2 batch 1 and 2 and
     * 512^2; 18 % with 2 threads), measured under load; the quiet paired table (docs/performance.md, "NiT executors:
     * eager and script") confirms it: script / PyTorch is below eager / PyTorch at every size and
     * batch, with 1 and 2 threads.
     */
    static final boolean CPU_SCRIPT_FASTER = true;

    public final Executor executor;
    public final String reason;

    public ExecutorChoice(Executor executor, String reason) {
        this.executor = executor;
        this.reason = reason;
    }

    /** The choice for a run on {@code device}. */
    public static ExecutorChoice resolve(Executor requested, Device device) {
        return resolve(requested, device.isGpu(), CPU_SCRIPT_FASTER);
    }

    /** The rule itself, for tests: never returns AUTO. */
    static ExecutorChoice resolve(Executor requested, boolean gpu, boolean cpuScriptFaster) {
        switch (Objects.requireNonNull(requested, "executor")) {
            case EAGER:
                return new ExecutorChoice(Executor.EAGER, "requested");
            case SCRIPT:
                return new ExecutorChoice(Executor.SCRIPT, "requested");
            default:
                if (gpu) {
                    return new ExecutorChoice(Executor.SCRIPT, "auto: one scripted call per step beats eager per-op dispatch on a GPU");
                }
                return cpuScriptFaster
                        ? new ExecutorChoice(Executor.SCRIPT, "auto: the scripted forward measured faster on the CPU")
                        : new ExecutorChoice(Executor.EAGER, "auto: the eager forward measured faster on the CPU");
        }
    }

    @Override
    public String toString() {
        return executor.id() + " (" + reason + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutorChoice && ((ExecutorChoice) o).executor == executor
                && ((ExecutorChoice) o).reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(executor, reason);
    }
}
