package io.github.nitfiji.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.Set;

/** Arrays already in memory, keyed like a checkpoint. They stay the caller's: loading copies them. */
public final class ArrayWeights implements WeightSource {
    private final Map<String, NDArray> arrays;

    public ArrayWeights(Map<String, NDArray> arrays) {
        this.arrays = arrays;
    }

    @Override
    public String describe() {
        return "the given weight arrays";
    }

    @Override
    public Set<String> keys() {
        return arrays.keySet();
    }

    @Override
    public long[] shape(String key) {
        NDArray a = arrays.get(key);
        return a == null ? null : a.getShape().getShape();
    }

    @Override
    public boolean isFloating(String key) {
        return arrays.get(key).getDataType().isFloating();
    }

    @Override
    public NDArray load(String key, NDManager manager, DataType type) {
        return Transfer.copyTo(arrays.get(key), manager, type);
    }
}
