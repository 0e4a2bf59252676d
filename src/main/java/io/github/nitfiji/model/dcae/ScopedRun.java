package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.function.UnaryOperator;

/**
 * Memory discipline for a forward pass. DJL gives every result to its first operand's manager, so
 * a step that attaches its input to a fresh sub-manager collects all its temporaries there and
 * frees them, with the input, as soon as it ends: a pass holds one block's temporaries at a time.
 */
final class ScopedRun {
    private ScopedRun() {
    }

    /** Runs {@code step} on {@code x} (which it consumes) and returns the output owned by {@code run}. */
    static NDArray step(NDManager run, NDArray x, UnaryOperator<NDArray> step) {
        try (NDManager scope = run.newSubManager()) {
            x.attach(scope);
            NDArray y = step.apply(x);
            y.attach(run);
            return y;
        }
    }

    /** Applies {@code f} and closes its input right away, to lower the peak inside a block. */
    static NDArray consume(NDArray input, UnaryOperator<NDArray> f) {
        try (NDArray in = input) {
            return f.apply(in);
        }
    }

    /**
     * A copy of a caller's array on {@code run}'s device in {@code precision}, owned by {@code run};
     * the caller's array is left untouched.
     */
    static NDArray copyIn(NDArray x, NDManager run, DataType precision) {
        NDArray onDevice = x.toDevice(run.getDevice(), false);
        NDArray copy = onDevice.toType(precision, true);
        if (onDevice != x) {
            onDevice.close();
        }
        copy.attach(run);
        return copy;
    }

    /** Hands a float32 result to the caller's manager, on that manager's device. */
    static NDArray handOut(NDArray y, NDManager resultManager) {
        NDArray f32 = y.toType(DataType.FLOAT32, false);
        NDArray moved = f32.toDevice(resultManager.getDevice(), false);
        moved.attach(resultManager);
        return moved;
    }
}
