package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Binds checkpoint keys to arrays in a model's long-lived manager, converted once to the run's
 * device and precision. Shapes are checked for all keys before anything is loaded: NiT knows its
 * shapes from its config; a network assembled by code (DC-AE) states them through {@link #bind}
 * in a dry run ({@link #requestedShapes}). Loaded arrays are kept out of callers' NDScopes
 * ({@link Scoped#persistent}): they live until the model closes its manager.
 */
public final class WeightBinder {
    private final WeightSource source;
    private final NDManager manager;
    private final DataType precision;
    /** Non-null only in a dry run: each key bound so far and its stored shape, in order. */
    private final Map<String, long[]> requested;
    /** Non-null when the model runs its dense convolutions / matrix products in bfloat16. */
    private final Bf16Kernels bf16;

    public WeightBinder(WeightSource source, NDManager manager, DataType precision) {
        this(source, manager, precision, null, null);
    }

    private WeightBinder(WeightSource source, NDManager manager, DataType precision, Map<String, long[]> requested,
                         Bf16Kernels bf16) {
        this.source = source;
        this.manager = manager;
        this.precision = precision;
        this.requested = requested;
        this.bf16 = bf16;
    }

    /** This binder, for layers that run their dense kernels through {@code kernels} (bfloat16). */
    public WeightBinder withBf16(Bf16Kernels kernels) {
        return new WeightBinder(source, manager, precision, requested, kernels);
    }

    /** The bfloat16 kernels the layers bound here should use, or null (compute in {@link #precision()}). */
    public Bf16Kernels bf16() {
        return bf16;
    }

    /**
     * The stored shape of every tensor {@code build} binds, in order, found by running it against
     * a binder that loads nothing.
     */
    public static Map<String, long[]> requestedShapes(Consumer<WeightBinder> build) {
        WeightBinder dryRun = new WeightBinder(null, null, null, new LinkedHashMap<>(), null);
        build.accept(dryRun);
        return dryRun.requested;
    }

    /** Throws IllegalArgumentException unless {@code precision} is one the models run in. */
    public static void checkPrecision(DataType precision) {
        if (precision != DataType.FLOAT32 && precision != DataType.FLOAT16) {
            throw new IllegalArgumentException("precision " + precision + " is not supported; use FLOAT32 or FLOAT16");
        }
    }

    /** Throws one exception naming every missing or mis-shaped key. Extra keys are allowed. */
    public static void checkShapes(WeightSource source, Map<String, long[]> expected, String architecture)
            throws WeightsMismatchException {
        List<String> problems = new ArrayList<>();
        for (WeightCheck.Problem p : WeightCheck.problems(source, expected, null)) {
            switch (p.kind) {
                case MISSING:
                    problems.add("missing key " + p.key + " (expected shape " + Arrays.toString(p.expected) + ")");
                    break;
                case WRONG_SHAPE:
                    problems.add("key " + p.key + " has shape " + Arrays.toString(p.found) + ", expected "
                            + Arrays.toString(p.expected));
                    break;
                case NOT_FLOATING:
                    problems.add("key " + p.key + " is not floating point");
                    break;
                default: // UNEXPECTED is only reported under an owned prefix, and NiT owns none
            }
        }
        if (!problems.isEmpty()) {
            throw new WeightsMismatchException(source.describe(), architecture, problems);
        }
    }

    public DataType precision() {
        return precision;
    }

    public NDManager manager() {
        return manager;
    }

    /** The tensor in the run's precision. */
    public NDArray load(String key) throws IOException {
        requireRealRun();
        return Scoped.persistent(source.load(key, manager, precision));
    }

    /** The tensor in float32, for folding constants into it before {@link #toPrecision}. */
    public NDArray loadFloat32(String key) throws IOException {
        requireRealRun();
        return Scoped.persistent(source.load(key, manager, DataType.FLOAT32));
    }

    /**
     * The tensor stored under {@code key} with {@code storedShape}, in the run's precision, viewed
     * with {@code usedShape} (same element count); in a dry run, records the stored shape and
     * returns null, so assembly code must not compute with what it receives. A read failure comes
     * as an UncheckedIOException, so assembly code (constructors, lambdas) need not declare it.
     */
    public NDArray bind(String key, long[] storedShape, long... usedShape) {
        if (requested != null) {
            requested.put(key, storedShape.clone());
            return null;
        }
        NDArray stored;
        try {
            stored = load(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Arrays.equals(stored.getShape().getShape(), usedShape)) {
            return stored;
        }
        // A view; the stored array stays in the manager because on the CPU it may be backed by a
        // Java direct buffer that only that array keeps reachable (closing it would free the data).
        return Scoped.persistent(stored.reshape(usedShape));
    }

    /** A tensor used with the shape it is stored with. */
    public NDArray bind(String key, long... shape) {
        return bind(key, shape, shape);
    }

    /** Converts a float32 array to the run's precision, closing the original if a copy was made. */
    public NDArray toPrecision(NDArray a) {
        if (a.getDataType() == precision) {
            return Scoped.persistent(a);
        }
        NDArray c = a.toType(precision, false);
        a.close();
        return Scoped.persistent(c);
    }

    /** A constant created once in the model's manager (so it lives on the device). */
    public NDArray constant(float value) {
        return toPrecision(manager.create(value));
    }

    private void requireRealRun() {
        if (requested != null) {
            throw new IllegalStateException("a dry run only records bind(key, shape); it loads nothing");
        }
    }
}
