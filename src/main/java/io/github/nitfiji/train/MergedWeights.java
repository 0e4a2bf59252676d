package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.TensorInfo;
import io.github.nitfiji.model.WeightSource;
import io.github.nitfiji.model.nit.NitConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * A base model's weights with a fine-tune merged in, tensor by tensor as they are loaded (no second
 * copy of the model is held): a LoRA layer's weight becomes {@code W + (alpha / rank) B A}, computed
 * in float32; a full fine-tune's tensors replace the base's. Everything else is the base's.
 * Checks on creation that the fine-tune fits the base (every adapter's shapes, the class rows'
 * width), naming what does not.
 */
final class MergedWeights implements WeightSource {
    private final WeightSource base;
    private final SafetensorsFile adapter;
    private final boolean full;
    private final float scale;

    MergedWeights(WeightSource base, SafetensorsFile adapter, NitConfig config, String fineTuneId) throws IOException {
        this.base = base;
        this.adapter = adapter;
        String mode = adapter.metadata().getOrDefault("mode", "");
        if (!mode.equals("lora") && !mode.equals("full")) {
            throw new IllegalArgumentException("fine-tune '" + fineTuneId + "': " + adapter.path() + " is not a"
                    + " fine-tune's weights file (no mode); train it again");
        }
        this.full = mode.equals("full");
        int rank = Integer.parseInt(adapter.metadata().getOrDefault("rank", "0"));
        this.scale = full ? 1f : (float) (Double.parseDouble(adapter.metadata().get("alpha")) / rank);
        String problem = fitProblem(config, rank);
        if (problem != null) {
            throw new IllegalArgumentException("fine-tune '" + fineTuneId + "' does not fit its base: " + problem
                    + "; it was made for another model: install its base (see its card) or train it again");
        }
    }

    private String fitProblem(NitConfig config, int rank) throws IOException {
        if (!adapter.contains(TrainableModel.CLASS_ROWS)
                || adapter.info(TrainableModel.CLASS_ROWS).shape()[1] != config.hiddenSize) {
            return "its class rows are missing or not " + config.hiddenSize + " wide";
        }
        if (full) {
            for (String key : config.expectedShapes().keySet()) {
                if (!adapter.contains(key) || !Arrays.equals(adapter.info(key).shape(), config.expectedShapes().get(key))) {
                    return "weight " + key + " is missing or of another shape than the base's "
                            + Arrays.toString(config.expectedShapes().get(key));
                }
            }
            return null;
        }
        for (String layer : TrainableModel.loraLayers(config)) {
            long[] w = config.expectedShapes().get(layer + ".weight");
            long[] a = shapeOf(TrainableModel.loraA(layer));
            long[] b = shapeOf(TrainableModel.loraB(layer));
            if (a == null || b == null || a[0] != rank || a[1] != w[1] || b[0] != w[0] || b[1] != rank) {
                return "the adapter of " + layer + " is missing or does not match its weight " + Arrays.toString(w);
            }
        }
        return null;
    }

    private long[] shapeOf(String key) throws IOException {
        return adapter.contains(key) ? adapter.info(key).shape() : null;
    }

    @Override
    public String describe() {
        return base.describe() + " with the fine-tune " + adapter.path() + " merged in";
    }

    @Override
    public Set<String> keys() {
        return base.keys();
    }

    @Override
    public long[] shape(String key) {
        return base.shape(key);
    }

    @Override
    public boolean isFloating(String key) {
        return base.isFloating(key);
    }

    @Override
    public NDArray load(String key, NDManager manager, DataType type) throws IOException {
        if (full && adapter.contains(key)) {
            TensorInfo info = adapter.info(key);
            return manager.create(adapter.readFloats(key), new Shape(info.shape())).toType(type, false);
        }
        String layer = key.endsWith(".weight") ? key.substring(0, key.length() - ".weight".length()) : null;
        if (full || layer == null || !adapter.contains(TrainableModel.loraA(layer))) {
            return base.load(key, manager, type);
        }
        NDArray merged = merged(key, layer, manager);
        if (type == DataType.FLOAT32) {
            return merged;
        }
        NDArray converted = merged.toType(type, false);
        merged.close();
        return converted;
    }

    /** W + scale B A in float32, owned by {@code manager}. */
    NDArray merged(String key, String layer, NDManager manager) throws IOException {
        NDArray w = base.load(key, manager, DataType.FLOAT32);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray a = scratch.create(adapter.readFloats(TrainableModel.loraA(layer)),
                    new Shape(adapter.info(TrainableModel.loraA(layer)).shape()));
            NDArray b = scratch.create(adapter.readFloats(TrainableModel.loraB(layer)),
                    new Shape(adapter.info(TrainableModel.loraB(layer)).shape()));
            NDArray delta = b.matMul(a).muli(scale);
            w.addi(delta);
        }
        return w;
    }
}
