package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Memory discipline for forward passes. {@link #compute} runs a computation in its own
 * {@link NDScope}: every temporary it creates is closed on return, and only the returned array
 * survives (into the enclosing scope, if there is one). This is how a 28-block NiT forward or a
 * DC-AE decode holds one block's temporaries at a time. The caller owns the result.
 */
public final class Scoped {
    private Scoped() {
    }

    public static NDArray compute(Supplier<NDArray> computation) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            result = computation.get();
            NDScope.unregister(result);
        }
        // DJL scopes are a per-thread stack and unregister only leaves the innermost one: hand the
        // result to the enclosing scope, if any, so nested computations free everything in the end
        NDScope.register(result);
        return result;
    }

    /**
     * One step of a chain: {@link #compute} of {@code step} on {@code x}, which it consumes (closes,
     * even on failure, unless the step returned it), so a chain of steps holds one step's input,
     * temporaries and output at a time.
     */
    public static NDArray step(NDArray x, UnaryOperator<NDArray> step) {
        NDArray y = null;
        try {
            y = compute(() -> step.apply(x));
            return y;
        } finally {
            if (y != x) {
                x.close();
            }
        }
    }

    /**
     * Applies {@code f} and closes its input right away, to lower the peak inside a block (where
     * a scope per operation would cost more than it saves).
     */
    public static NDArray consume(NDArray input, UnaryOperator<NDArray> f) {
        try (NDArray in = input) {
            return f.apply(in);
        }
    }

    /** Keeps arrays that belong to a model out of any caller's scope (they live until the model closes). */
    public static NDArray persistent(NDArray a) {
        NDScope.unregister(a);
        return a;
    }
}
