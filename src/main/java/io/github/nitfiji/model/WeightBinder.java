package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Binds checkpoint keys to arrays in a model's long-lived manager, converted once to the run's
 * device and precision. Shapes are checked for all keys before anything is loaded.
 */
public final class WeightBinder {
    private final WeightSource source;
    private final NDManager manager;
    private final DataType precision;

    public WeightBinder(WeightSource source, NDManager manager, DataType precision) {
        this.source = source;
        this.manager = manager;
        this.precision = precision;
    }

    /** Throws one exception naming every missing or mis-shaped key. Extra keys are allowed. */
    public static void checkShapes(WeightSource source, Map<String, long[]> expected, String architecture)
            throws WeightsMismatchException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            long[] found = source.shape(e.getKey());
            if (found == null) {
                problems.add("missing key " + e.getKey() + " (expected shape " + Arrays.toString(e.getValue()) + ")");
            } else if (!Arrays.equals(found, e.getValue())) {
                problems.add("key " + e.getKey() + " has shape " + Arrays.toString(found)
                        + ", expected " + Arrays.toString(e.getValue()));
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
        return Scoped.persistent(source.load(key, manager, precision));
    }

    /** The tensor in float32, for folding constants into it before {@link #toPrecision}. */
    public NDArray loadFloat32(String key) throws IOException {
        return Scoped.persistent(source.load(key, manager, DataType.FLOAT32));
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
}
