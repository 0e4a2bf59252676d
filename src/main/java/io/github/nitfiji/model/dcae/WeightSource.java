package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.TensorInfo;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** Named tensors a network can be bound to: a safetensors file or arrays already in memory. */
interface WeightSource {
    /** Names the source in error messages. */
    String describe();

    Set<String> keys();

    /** The stored shape, or null when the key is absent. */
    long[] shape(String key);

    boolean isFloating(String key);

    /** A new array owned by {@code target}, on its device, converted to {@code precision}. */
    NDArray load(String key, NDManager target, DataType precision) throws IOException;

    static WeightSource of(SafetensorsFile file) {
        return new WeightSource() {
            @Override
            public String describe() {
                return "weights file " + file.path();
            }

            @Override
            public Set<String> keys() {
                return file.tensors().keySet();
            }

            @Override
            public long[] shape(String key) {
                TensorInfo info = file.tensors().get(key);
                return info == null ? null : info.shape();
            }

            @Override
            public boolean isFloating(String key) {
                return file.tensors().get(key).dtype().isFloating();
            }

            @Override
            public NDArray load(String key, NDManager target, DataType precision) throws IOException {
                return file.load(key, target, precision);
            }
        };
    }

    /** Arrays stay owned by the caller; each is copied to the target device and precision. */
    static WeightSource of(Map<String, NDArray> arrays) {
        return new WeightSource() {
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
            public NDArray load(String key, NDManager target, DataType precision) {
                NDArray onDevice = arrays.get(key).toDevice(target.getDevice(), false);
                NDArray copy = onDevice.toType(precision, true);
                if (onDevice != arrays.get(key)) {
                    onDevice.close();
                }
                copy.attach(target);
                return copy;
            }
        };
    }
}
