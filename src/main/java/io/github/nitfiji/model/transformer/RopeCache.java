package io.github.nitfiji.model.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.NativeOwned;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link Rope2d} tables of the last few latent sizes, on a model's device in its precision,
 * each {cos, sin} shaped [n, 1, headDim] (broadcast over heads). Freed with the model's manager.
 */
public final class RopeCache {
    private static final int SIZES = 8;

    private final int headDim;
    private final WeightBinder binder;
    private final Map<LatentSize, NDArray[]> tables = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<LatentSize, NDArray[]> eldest) {
            if (size() > SIZES) {
                for (NDArray a : eldest.getValue()) {
                    a.close();
                }
                return true;
            }
            return false;
        }
    };

    public RopeCache(int headDim, NDManager manager, DataType precision) {
        this.headDim = headDim;
        this.binder = new WeightBinder(null, manager, precision);
    }

    /** {cos, sin} for {@code size}. */
    public NDArray[] tables(LatentSize size) {
        return tables.computeIfAbsent(size, s -> {
            float[][] table = Rope2d.table(s.height, s.width, headDim);
            Shape shape = new Shape(s.tokens(), 1, headDim);
            // libtorch-owned: an evicted table may still be held by autograd for a training step's backward
            NDArray cos = binder.toPrecision(Scoped.persistent(NativeOwned.of(binder.manager().create(table[0], shape))));
            NDArray sin = binder.toPrecision(Scoped.persistent(NativeOwned.of(binder.manager().create(table[1], shape))));
            return new NDArray[] {cos, sin};
        });
    }
}
