package io.github.nitfiji.model.dcae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * The long-lived device state of one network: a manager that owns its weights (converted once
 * to the run's device and precision) and the scalar constants its layers share. Constants live
 * on the device because a Java scalar operand is copied from the host on every call.
 */
final class WeightStore implements AutoCloseable {
    private static final float NORM_EPS = 1e-5f;
    private static final float ATTENTION_EPS = 1e-15f;

    private final NDManager manager;
    private final DataType precision;
    private final NDArray normEps;
    private final NDArray attentionEps;

    private WeightStore(NDManager manager, DataType precision) {
        this.manager = manager;
        this.precision = precision;
        this.normEps = manager.create(NORM_EPS);
        this.attentionEps = manager.create(ATTENTION_EPS);
    }

    static WeightStore open(Device device, DataType precision) {
        if (precision != DataType.FLOAT32 && precision != DataType.FLOAT16) {
            throw new IllegalArgumentException("precision " + precision + " is not supported; use FLOAT32 or FLOAT16");
        }
        return new WeightStore(NDManager.newBaseManager(device, "PyTorch"), precision);
    }

    /**
     * Builds a network twice: against an audit that collects every missing, mis-shaped or
     * unexpected tensor under {@code prefix} (and throws them together, before anything is
     * loaded), then for real. Closes this store if binding fails.
     */
    <T> T bind(WeightSource source, String prefix, String network, Function<WeightBinder, T> build)
            throws IOException {
        try {
            ShapeAudit audit = new ShapeAudit(source);
            build.apply(audit);
            audit.throwIfProblems(prefix, network);
            return build.apply(new SourceWeights(source, manager, precision));
        } catch (UncheckedIOException e) {
            close();
            throw e.getCause();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    <T> T bindRandom(long seed, Function<WeightBinder, T> build) {
        return build.apply(new RandomWeights(manager, precision, seed));
    }

    /**
     * Runs {@code steps} on a copy of {@code input}; each step's temporaries are freed when it ends.
     * The float32 result is owned by {@code resultManager}, on its device.
     */
    NDArray run(List<Block> steps, NDArray input, NDManager resultManager) {
        try (NDManager run = manager.newSubManager()) {
            NDArray x = ScopedRun.copyIn(input, run, precision);
            for (Block step : steps) {
                x = ScopedRun.step(run, x, step::forward);
            }
            return ScopedRun.handOut(x, resultManager);
        }
    }

    NDArray normEps() {
        return normEps;
    }

    NDArray attentionEps() {
        return attentionEps;
    }

    Device device() {
        return manager.getDevice();
    }

    DataType precision() {
        return precision;
    }

    @Override
    public void close() {
        manager.close();
    }
}
