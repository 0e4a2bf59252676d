package io.github.nitfiji.model.transformer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.FusedAttention;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.WeightSource;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one load path of the NiT, TiM-C2I and TiM-T2I transformers: check the precision, that the
 * weights are of the model's family and every key against the config (one exception listing all
 * missing and mis-shaped keys), then bind the weights in a new manager on the device, with the
 * fused attention kernel when asked for and available. A failed bind frees what it loaded.
 */
public final class TrunkLoad {
    private TrunkLoad() {
    }

    /** Builds the transformer from its weights once the manager (and the fused kernel, or null) exist. */
    @FunctionalInterface
    public interface Binder<T> {
        T bind(NDManager manager, FusedAttention fused) throws IOException;
    }

    /**
     * @param architecture names the config in errors, e.g. "the NiT config {...}"
     * @param fusedAttention whether to try the fused kernel (falling back to eager, telling {@code warn})
     */
    public static <T> T load(String architecture, Map<String, long[]> expectedShapes, WeightSource source,
                             Device device, DataType precision, boolean fusedAttention, Consumer<String> warn,
                             Binder<T> binder) throws IOException {
        WeightBinder.checkPrecision(precision);
        WeightBinder.checkShapes(source, expectedShapes, architecture);
        NDManager manager = NDManager.newBaseManager(device);
        FusedAttention fused = fusedAttention ? FusedAttention.tryLoad(device, warn) : null;
        try {
            return binder.bind(manager, fused);
        } catch (IOException | RuntimeException e) {
            manager.close(); // a failed load must not leave gigabytes of weights behind
            if (fused != null) {
                fused.close();
            }
            throw e;
        }
    }
}
