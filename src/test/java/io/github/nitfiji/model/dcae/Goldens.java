package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The tiny golden DC-AE (weights + config) and its reference cases, shared by the tests. */
final class Goldens {
    static final String WEIGHTS = "dcae_tiny.safetensors";
    static final String CASES = "dcae_tiny_cases.safetensors";

    private Goldens() {
    }

    static SafetensorsFile weights() throws IOException {
        return SafetensorsFile.open(TestFiles.golden(WEIGHTS));
    }

    /** A case tensor with a leading batch axis of 1, owned by {@code manager}. */
    static NDArray batchOfOne(String name, NDManager manager) {
        try (SafetensorsFile cases = SafetensorsFile.open(TestFiles.golden(CASES))) {
            return cases.load(name, manager, DataType.FLOAT32).expandDims(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ||a - b|| / ||b||, computed in double on the host. */
    static double relativeError(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        if (x.length != y.length) {
            throw new AssertionError("sizes differ: " + a.getShape() + " vs " + b.getShape());
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - y[i];
            num += d * d;
            den += (double) y[i] * y[i];
        }
        return Math.sqrt(num / den);
    }
}
