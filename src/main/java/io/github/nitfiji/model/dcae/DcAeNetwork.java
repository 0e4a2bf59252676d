package io.github.nitfiji.model.dcae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.ArrayWeights;
import io.github.nitfiji.model.Bf16Kernels;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.Transfer;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.WeightSource;
import io.github.nitfiji.model.WeightsMismatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The long-lived device state of one half of a DC-AE (encoder or decoder): a manager that owns
 * its weights (converted once to the run's device and precision), the scalar constants its layers
 * share, and its forward pass as a list of steps. Constants live on the device because a Java
 * scalar operand is copied from the host on every call.
 */
final class DcAeNetwork implements AutoCloseable {
    private static final float NORM_EPS = 1e-5f;
    private static final float ATTENTION_EPS = 1e-15f;

    /**
     * Assembles the forward pass from bound weights. It runs twice, first as a dry run that only
     * collects the shapes it binds (with null constants), so it must not compute with its inputs.
     */
    interface Layers {
        List<Block> build(WeightBinder w, NDArray normEps, NDArray attentionEps);
    }

    private final NDManager manager;
    private final DataType precision;
    private final List<Block> steps;
    /** The bfloat16 kernels the dense convolutions run through, or null. */
    private final Bf16Kernels bf16;

    private DcAeNetwork(NDManager manager, DataType precision, List<Block> steps, Bf16Kernels bf16) {
        this.manager = manager;
        this.precision = precision;
        this.steps = steps;
        this.bf16 = bf16;
    }

    /** Every tensor {@code layers} binds, with its stored shape, in binding order. */
    static Map<String, long[]> shapes(Layers layers) {
        return WeightBinder.requestedShapes(w -> layers.build(w, null, null));
    }

    /**
     * Checks {@code source} against the layers before loading anything: every missing, mis-shaped
     * or unexpected tensor under {@code prefix} is listed in one {@link WeightsMismatchException}
     * that names {@code network}.
     */
    static DcAeNetwork load(WeightSource source, String prefix, String network, Layers layers, Device device,
                            DataType precision) throws IOException {
        return load(source, prefix, network, layers, device, precision, false);
    }

    /**
     * As {@link #load(WeightSource, String, String, Layers, Device, DataType)}; with {@code bf16}
     * (float32 only) the dense convolutions run in bfloat16 ({@link Bf16Kernels}), norms, attention
     * and depthwise convolutions in float32.
     */
    static DcAeNetwork load(WeightSource source, String prefix, String network, Layers layers, Device device,
                            DataType precision, boolean bf16) throws IOException {
        WeightBinder.checkPrecision(precision);
        DcAeWeightCheck.check(source, shapes(layers), prefix, network);
        return build(source, layers, device, precision, bf16);
    }

    /** As {@link #load}, from arrays keyed like the checkpoint, which stay the caller's (they are copied). */
    static DcAeNetwork fromArrays(Map<String, NDArray> arrays, String prefix, String network, Layers layers,
                                  Device device, DataType precision) throws WeightsMismatchException {
        try {
            return load(new ArrayWeights(arrays), prefix, network, layers, device, precision);
        } catch (WeightsMismatchException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("in-memory arrays cannot fail to read", e);
        }
    }

    /** Seeded random weights of the right shapes, for benchmarks and memory measurements. */
    static DcAeNetwork random(Layers layers, Device device, DataType precision, long seed) {
        return random(layers, device, precision, seed, false);
    }

    /** As {@link #random(Layers, Device, DataType, long)}, with bfloat16 dense convolutions when {@code bf16}. */
    static DcAeNetwork random(Layers layers, Device device, DataType precision, long seed, boolean bf16) {
        WeightBinder.checkPrecision(precision);
        try {
            return build(new RandomWeights(shapes(layers), seed), layers, device, precision, bf16);
        } catch (IOException e) {
            throw new IllegalStateException("random weights cannot fail to read", e);
        }
    }

    private static DcAeNetwork build(WeightSource source, Layers layers, Device device, DataType precision,
                                     boolean bf16) throws IOException {
        if (bf16 && precision != DataType.FLOAT32) {
            throw new IllegalArgumentException("bfloat16 convolutions take float32 weights, not " + precision);
        }
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        Bf16Kernels kernels = null;
        try {
            NDArray normEps = Scoped.persistent(manager.create(NORM_EPS));
            NDArray attentionEps = Scoped.persistent(manager.create(ATTENTION_EPS));
            WeightBinder w = new WeightBinder(source, manager, precision);
            if (bf16) {
                kernels = Bf16Kernels.load(device);
                w = w.withBf16(kernels);
            }
            return new DcAeNetwork(manager, precision, layers.build(w, normEps, attentionEps), kernels);
        } catch (UncheckedIOException e) {
            close(kernels, manager); // a failed load must not leave its weights behind
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            close(kernels, manager);
            throw e;
        }
    }

    private static void close(Bf16Kernels kernels, NDManager manager) {
        if (kernels != null) {
            kernels.close();
        }
        manager.close();
    }

    /** Whether the dense convolutions run in bfloat16. */
    boolean bf16() {
        return bf16 != null;
    }

    /**
     * Runs the steps on a copy of {@code input}, which stays the caller's; each step's temporaries
     * are freed when it ends. The float32 result is owned by {@code resultManager}, on its device.
     */
    NDArray run(NDArray input, NDManager resultManager) {
        return run(input, resultManager, null);
    }

    /**
     * As {@link #run(NDArray, NDManager)}; when {@code stepMillis} is not null, each step waits for
     * the device (reads one value) and reports its wall time in order, for profiling.
     */
    NDArray run(NDArray input, NDManager resultManager, DoubleConsumer stepMillis) {
        try (NDManager run = manager.newSubManager()) {
            NDArray x = Transfer.copyTo(input, run, precision);
            for (Block step : steps) {
                long start = System.nanoTime();
                x = Scoped.step(x, step::forward);
                if (stepMillis != null) {
                    x.get(0, 0, 0, 0).toType(DataType.FLOAT32, false).getFloat();
                    stepMillis.accept((System.nanoTime() - start) / 1e6);
                }
            }
            return Transfer.float32To(x, resultManager);
        }
    }

    Device device() {
        return manager.getDevice();
    }

    DataType precision() {
        return precision;
    }

    @Override
    public void close() {
        close(bf16, manager);
    }
}
