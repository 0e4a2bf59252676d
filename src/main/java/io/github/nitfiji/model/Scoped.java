package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Runs a computation in its own {@link NDScope}: every temporary it creates is closed on return,
 * and only the returned array survives (into the enclosing scope, if there is one). This is how a
 * 28-block forward holds one block's temporaries at a time. The caller owns the result.
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

    /** Keeps arrays that belong to a model out of any caller's scope (they live until the model closes). */
    public static NDArray persistent(NDArray a) {
        NDScope.unregister(a);
        return a;
    }
}
