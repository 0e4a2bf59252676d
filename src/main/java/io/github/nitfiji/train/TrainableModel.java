package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.model.transformer.LinearAdapter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a run trains on a loaded NiT, and the arrays it adds: LoRA adapters with the base weights
 * frozen (the default), or every weight (full fine-tuning); in both, one new row per user class in
 * the label table, after the null class (ids 1001, 1002, ... for a 1000-class base: ImageNet's
 * ids and the null class stay as they are).
 *
 * <p>Layers with adapters: each block's attention {@code qkv} and {@code proj} and its MLP
 * {@code fc1} and {@code fc2}, the "all linear layers of the attention and feed-forward" choice of
 * diffusers' LoRA fine-tuning scripts for DiT-style models (e.g. {@code train_dreambooth_lora_flux.py}
 * with its feed-forward layers) and PEFT's usual target set. The adaLN modulation layers get none:
 * they only see the conditioning, and a new class already gets its own trainable embedding row,
 * which is how the class enters them. Initialisation follows PEFT: A uniform in
 * +-1/sqrt(in) (Kaiming-uniform with a = sqrt(5)), B = 0, so training starts from the base model
 * exactly. New rows start at the mean of the ImageNet rows: a neutral "some object" start that
 * the first steps move towards the user's class.
 */
final class TrainableModel implements AutoCloseable {
    static final String[] LORA_TARGETS = {"attn.qkv", "attn.proj", "mlp.fc1", "mlp.fc2"};
    /** The new class rows' name in checkpoints and fine-tunes. */
    static final String CLASS_ROWS = "y_embedder.new_classes";

    final NitTransformer nit;
    final boolean full;
    final int rank;
    final double alpha;
    final List<TrainedTensor> tensors;
    final Map<String, LoraAdapter> adapters;
    private final NDManager manager;

    private TrainableModel(NitTransformer nit, boolean full, int rank, double alpha, List<TrainedTensor> tensors,
                           Map<String, LoraAdapter> adapters, NDManager manager) {
        this.nit = nit;
        this.full = full;
        this.rank = rank;
        this.alpha = alpha;
        this.tensors = tensors;
        this.adapters = adapters;
        this.manager = manager;
    }

    /** The names of LoRA's A and B of a layer (PEFT's spelling, under the official layer key). */
    static String loraA(String layer) {
        return layer + ".lora_A.weight";
    }

    static String loraB(String layer) {
        return layer + ".lora_B.weight";
    }

    /** Every layer that carries an adapter, e.g. {@code blocks.0.attn.qkv}. */
    static List<String> loraLayers(NitConfig config) {
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < config.depth; i++) {
            for (String target : LORA_TARGETS) {
                layers.add("blocks." + i + "." + target);
            }
        }
        return layers;
    }

    /** LoRA of {@code rank} and {@code alpha} on a frozen base, plus {@code newClasses} rows. */
    static TrainableModel lora(NitTransformer nit, int rank, double alpha, int newClasses, long seed) {
        if (rank < 1) {
            throw new IllegalArgumentException("--rank must be at least 1, found " + rank);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("LoRA alpha must be above 0, found " + alpha);
        }
        NDManager manager = nit.newManager();
        NitConfig config = nit.config();
        Map<String, long[]> shapes = config.expectedShapes();
        List<TrainedTensor> tensors = new ArrayList<>();
        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        NDArray scale = manager.create((float) (alpha / rank));
        for (String layer : loraLayers(config)) {
            long[] w = shapes.get(layer + ".weight");
            int out = (int) w[0];
            int in = (int) w[1];
            NDArray a = manager.create(kaimingUniform(rank * in, in, seed, layer), new Shape(rank, in));
            NDArray b = manager.zeros(new Shape(out, rank));
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            tensors.add(TrainedTensor.plain(loraA(layer), a));
            tensors.add(TrainedTensor.plain(loraB(layer), b));
            adapters.put(layer, new LoraAdapter(a, b, scale));
        }
        nit.useAdapters(new LinkedHashMap<>(adapters));
        addClassRows(nit, newClasses, manager, tensors);
        return new TrainableModel(nit, false, rank, alpha, tensors, adapters, manager);
    }

    /** Every weight of {@code nit} trained in place, plus {@code newClasses} rows. */
    static TrainableModel full(NitTransformer nit, int newClasses) {
        NDManager manager = nit.newManager();
        List<TrainedTensor> tensors = new ArrayList<>(FullWeights.of(nit, manager));
        addClassRows(nit, newClasses, manager, tensors);
        return new TrainableModel(nit, true, 0, 0, tensors, Map.of(), manager);
    }

    private static void addClassRows(NitTransformer nit, int count, NDManager manager, List<TrainedTensor> tensors) {
        if (count < 1) {
            return;
        }
        NDArray table = nit.boundWeights().get("y_embedder.embedding_table.weight");
        int imageNet = nit.config().numClasses;
        NDArray mean = table.get("0:" + imageNet).mean(new int[] {0}, true);
        NDArray rows = mean.repeat(0, count);
        rows.attach(manager);
        mean.close();
        rows.setRequiresGradient(true);
        nit.useExtraClasses(rows);
        tensors.add(TrainedTensor.plain(CLASS_ROWS, rows));
    }

    /** Uniform in +-1/sqrt(fanIn), from a seed per layer (so layers do not share draws). */
    private static float[] kaimingUniform(int count, int fanIn, long seed, String layer) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + layer.hashCode());
        double bound = 1 / Math.sqrt(fanIn);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (bound * (2 * random.nextDouble() - 1));
        }
        return v;
    }

    /** The tensor named {@code name}, or null. */
    TrainedTensor tensor(String name) {
        for (TrainedTensor t : tensors) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Takes the adapters and rows off the model and stops recording gradients (the weights keep their values). */
    @Override
    public void close() {
        nit.useAdapters(Map.<String, LinearAdapter>of());
        nit.useExtraClasses(null);
        for (TrainedTensor t : tensors) {
            t.value.setRequiresGradient(false);
        }
        manager.close();
    }
}
