package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Runs a computation in its own {@link NDScope}: every temporary it creates is closed on return,
 * and only the returned array survives. This is how a 28-block forward holds one block's
 * temporaries at a time. The caller owns (and must close) the result.
 */
public final class Scoped {
    private Scoped() {
    }

    public static NDArray compute(Supplier<NDArray> computation) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray result = computation.get();
            NDScope.unregister(result);
            return result;
        }
    }
}
