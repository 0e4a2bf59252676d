package io.github.nitfiji.model.nit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.io.NativeOwned;
import io.github.nitfiji.model.FlowNetwork;
import io.github.nitfiji.model.FusedAttention;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.Ops;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.WeightSource;
import io.github.nitfiji.model.transformer.LinearAdapter;
import io.github.nitfiji.model.transformer.Modulation;
import io.github.nitfiji.model.transformer.RopeCache;
import io.github.nitfiji.model.transformer.TimestepEmbedder;
import io.github.nitfiji.model.transformer.TrunkLoad;
import io.github.nitfiji.model.transformer.TrunkOps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The NiT transformer (Native-resolution diffusion Transformer), bound to the official state-dict
 * keys and evaluated with DJL. Predicts the velocity v = noise - x0 for a packed batch of images
 * of any latent sizes: the images' tokens are concatenated and each image attends only to its
 * own tokens. Not thread-safe: one forward at a time.
 *
 * <p>Weights live in the model's own manager on its device, in its precision (FP32 or FP16);
 * inputs and outputs are FP32.
 */
public final class NitTransformer implements FlowNetwork, AutoCloseable {
    /** The final layer's adaLN output: (shift, scale). */
    static final int FINAL_CHUNKS = 2;
    static final int[] FINAL_SCALE_CHUNKS = {1};

    private final NitConfig config;
    private final DataType precision;
    private final NDManager manager;
    private final TrunkOps ops;
    private final FusedAttention fused;
    private GroupForward script;
    private Consumer<String> scriptNotice = message -> { };
    private final NDArray embedWeight;
    private final NDArray embedBias;
    private final TimestepEmbedder timeEmbedder;
    private final NDArray classTable;
    /** Rows of a fine-tune's own classes, after the null class (ids nullClass + 1, ...), or null. */
    private NDArray extraClassRows;
    private final List<NitBlock> blocks = new ArrayList<>();
    private final NDArray finalModulationWeight;
    private final NDArray finalModulationBias;
    private final NDArray finalWeight;
    private final NDArray finalBias;
    private final RopeCache ropeCache;

    private NitTransformer(NitConfig config, WeightSource source, NDManager manager, DataType precision,
                           FusedAttention fused) throws IOException {
        this.config = config;
        this.precision = precision;
        this.manager = manager;
        this.fused = fused;
        WeightBinder w = new WeightBinder(source, manager, precision);
        ops = new TrunkOps(config.hiddenSize, config.headDim(), w, fused);
        ropeCache = new RopeCache(config.headDim(), manager, precision);
        embedWeight = w.load("x_embedder.proj.weight").reshape(config.hiddenSize, config.inChannels);
        embedBias = w.load("x_embedder.proj.bias");
        timeEmbedder = new TimestepEmbedder("t_embedder.", w);
        classTable = w.load("y_embedder.embedding_table.weight");
        for (int i = 0; i < config.depth; i++) {
            blocks.add(new NitBlock(config, i, w, ops));
        }
        finalModulationWeight = w.load("final_layer.adaLN_modulation.1.weight");
        finalModulationBias = Modulation.foldUnitScale(w, "final_layer.adaLN_modulation.1.bias", FINAL_CHUNKS,
                FINAL_SCALE_CHUNKS);
        finalWeight = w.load("final_layer.linear.weight");
        finalBias = w.load("final_layer.linear.bias");
    }

    /**
     * Checks every key against the config (throwing one exception that lists all missing and
     * mis-shaped keys), then loads the weights onto {@code device} in {@code precision}.
     * Keys the transformer does not use (the training-only {@code projector.*}) are ignored.
     */
    public static NitTransformer load(NitConfig config, WeightSource source, Device device, DataType precision)
            throws IOException {
        return load(config, source, device, precision, AttentionKind.EAGER, message -> { });
    }

    /**
     * As {@link #load(NitConfig, WeightSource, Device, DataType)}, choosing the attention kernel;
     * FUSED falls back to EAGER (telling {@code warn}) when the TorchScript module cannot load.
     */
    public static NitTransformer load(NitConfig config, WeightSource source, Device device, DataType precision,
                                      AttentionKind attention, Consumer<String> warn) throws IOException {
        return TrunkLoad.load("the NiT config " + config.toJson(),
                config.expectedShapes(), source, device, precision, attention == AttentionKind.FUSED, warn,
                (manager, fused) -> new NitTransformer(config, source, manager, precision, fused));
    }

    @Override
    public int nullClass() {
        return config.nullClass();
    }

    public NitConfig config() {
        return config;
    }

    public Device device() {
        return manager.getDevice();
    }

    public DataType precision() {
        return precision;
    }

    /**
     * Appends a fine-tune's own classes after the null class: row k of {@code rows} [K, D] (in the
     * model's precision, on its device, owned by the caller) is class {@code nullClass() + 1 + k}.
     * The ImageNet classes and the null class keep their ids. Null removes them. With a scripted
     * forward in use the rows still apply: they only enter the conditioning.
     */
    public void useExtraClasses(NDArray rows) {
        if (rows != null && (rows.getShape().dimension() != 2 || rows.getShape().get(1) != config.hiddenSize)) {
            throw new IllegalArgumentException("class rows have shape " + rows.getShape() + ", expected (K, "
                    + config.hiddenSize + ")");
        }
        extraClassRows = rows;
    }

    /** How many classes follow the null class (0 unless {@link #useExtraClasses} set some). */
    public int extraClasses() {
        return extraClassRows == null ? 0 : Math.toIntExact(extraClassRows.getShape().get(0));
    }

    /**
     * From now on adds each adapter to the output of its linear layer (keyed by checkpoint prefix,
     * e.g. {@code blocks.0.attn.qkv}); an empty map removes them. Adapters run in the eager forward:
     * a scripted forward in use is handed back first ({@link #takeGroupForward}), since it reads the
     * bound weights alone.
     */
    public void useAdapters(Map<String, LinearAdapter> adapters) {
        if (!adapters.isEmpty() && script != null) {
            throw new IllegalStateException("adapters need the eager forward; take the scripted forward back first");
        }
        ops.useAdapters(adapters);
    }

    /** A manager on the model's device for a caller's arrays; close it to free them. */
    public NDManager newManager() {
        return manager.newSubManager();
    }

    /**
     * SiLU(t_embed(t) + y_embed(y)) for each image: the conditioning every block's adaLN reads.
     * Computed once per (t, class) and reused across blocks. Result [t.length, D], owned by
     * {@code owner}.
     */
    @Override
    public NDArray conditioning(double[] t, int[] classes, NDManager owner) {
        if (t.length != classes.length) {
            throw new IllegalArgumentException(t.length + " timesteps but " + classes.length + " classes");
        }
        long[] ids = new long[classes.length];
        int last = config.nullClass() + extraClasses();
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] > last) {
                throw new IllegalArgumentException("class " + classes[i] + " is outside 0.." + last
                        + " (" + config.nullClass() + " = no class"
                        + (extraClasses() > 0 ? ", " + (config.nullClass() + 1) + ".." + last + " = the fine-tune's" : "")
                        + ")");
            }
            ids[i] = classes[i];
        }
        NDArray c = Scoped.compute(() -> {
            NDArray timeEmbed = timeEmbedder.embed(t);
            NDArray table = extraClassRows == null ? classTable : classTable.concat(extraClassRows, 0);
            // libtorch-owned: autograd keeps the index for backward after this scope closes the Java handle
            NDArray classEmbed = table.get(new NDIndex("{}", NativeOwned.of(manager.create(ids))));
            return Ops.silu(timeEmbed.add(classEmbed));
        });
        c.attach(owner);
        return c;
    }

    /** The t-embedder output alone (for checking against the official intermediate). */
    public NDArray timestepEmbedding(double[] t, NDManager owner) {
        NDArray e = Scoped.compute(() -> timeEmbedder.embed(t).toType(DataType.FLOAT32, false));
        e.attach(owner);
        return e;
    }

    /** Convenience: {@link #conditioning} then {@link #forward(NDArray, List, NDArray)}. */
    public NDArray forward(NDArray x, List<LatentSize> sizes, double[] t, int[] classes) {
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray c = conditioning(t, classes, scratch);
            NDArray v = forward(x, sizes, c);
            v.attach(x.getManager());
            return v;
        }
    }

    /**
     * Velocity for a packed batch.
     *
     * @param x float32 tokens [N, in_channels]: images concatenated, each row-major
     * @param sizes latent size of each image, in order; their tokens must sum to N
     * @param siluC conditioning from {@link #conditioning}, one row per image
     * @return float32 velocity [N, in_channels], owned by x's manager
     */
    @Override
    public NDArray forward(NDArray x, List<LatentSize> sizes, NDArray siluC) {
        long tokens = 0;
        for (LatentSize s : sizes) {
            tokens += s.tokens();
        }
        Shape xs = x.getShape();
        if (xs.dimension() != 2 || xs.get(0) != tokens || xs.get(1) != config.inChannels) {
            throw new IllegalArgumentException("tokens have shape " + xs + ", expected (" + tokens + ", "
                    + config.inChannels + ") for latent sizes " + sizes);
        }
        if (siluC.getShape().get(0) != sizes.size()) {
            throw new IllegalArgumentException(siluC.getShape().get(0) + " conditioning rows for " + sizes.size() + " images");
        }
        GroupForward scripted = script;
        if (scripted != null) {
            try {
                return PackedGroups.run(x, sizes, (token, image, count, size) -> {
                    long n = size.tokens();
                    NDArray[] rope = ropeCache.tables(size);
                    return Scoped.compute(() -> scripted.forward(x.get(token + ":" + (token + count * n)),
                            siluC.get(image + ":" + (image + count)), rope[0], rope[1]));
                });
            } catch (RuntimeException e) {
                // the module loaded but cannot run here (an op missing on this device): eager from now on
                script = null;
                String reason = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("no reason given");
                scriptNotice.accept(scripted.describe() + " failed (" + reason + "); using the eager executor");
                scripted.close();
            }
        }
        NDArray embedded = embed(x);
        try {
            return PackedGroups.run(x, sizes, (token, image, count, size) ->
                    forwardGroup(embedded, token, siluC, image, count, size));
        } finally {
            embedded.close();
        }
    }

    /** Runs all blocks over {@code count} consecutive images of one size (batched attention). */
    private NDArray forwardGroup(NDArray embedded, long firstToken, NDArray siluC, int firstImage, int count,
                                 LatentSize size) {
        long n = size.tokens();
        NDArray[] rope = ropeCache.tables(size);
        NDArray c = Scoped.compute(() -> siluC.get(firstImage + ":" + (firstImage + count)));
        NDArray h = Scoped.compute(() -> embedded.get(firstToken + ":" + (firstToken + count * n))
                .reshape(count, n, config.hiddenSize));
        try {
            for (NitBlock block : blocks) {
                h = Scoped.step(h, in -> block.forward(in, c, rope));
            }
            return finalLayer(h, c);
        } finally {
            h.close();
            c.close();
        }
    }

    /** The patch embedding of tokens [N, in_channels]: [N, D] in the model's precision. */
    NDArray embed(NDArray x) {
        return Scoped.compute(() -> Linear.linear(x.toType(precision, false), embedWeight, embedBias).singletonOrThrow());
    }

    /** The final layer over the last block's output [b, n, D] of b images: velocity [b * n, in_channels]. */
    NDArray finalLayer(NDArray last, NDArray siluC) {
        long count = last.getShape().get(0);
        long n = last.getShape().get(1);
        return Scoped.compute(() -> {
            NDList mod = ops.linear("final_layer.adaLN_modulation.1", siluC, finalModulationWeight,
                    finalModulationBias).reshape(count, 1, 2L * config.hiddenSize).split(2, 2);
            NDArray modulated = ops.normalize(last).mul(mod.get(1)).add(mod.get(0));
            return ops.linear("final_layer.linear", modulated, finalWeight, finalBias)
                    .reshape(count * n, config.inChannels);
        });
    }

    /** Whether training reaches the patch embedding (its weight or bias is a trained leaf). */
    boolean embeddingTrained() {
        return trained(embedWeight) || trained(embedBias);
    }

    /** Whether training reaches the conditioning: the time MLP, the class table or the extra class rows. */
    boolean conditioningTrained() {
        Map<String, NDArray> time = new LinkedHashMap<>();
        timeEmbedder.bound("t_embedder.", time);
        return trained(classTable) || extraClassRows != null && trained(extraClassRows)
                || time.values().stream().anyMatch(NitTransformer::trained);
    }

    private static boolean trained(NDArray leaf) {
        return JniUtils.requiresGrad((PtNDArray) leaf);
    }

    List<NitBlock> blocks() {
        return blocks;
    }

    /** RoPE's cos and sin tables for images of {@code size}. */
    NDArray[] rope(LatentSize size) {
        return ropeCache.tables(size);
    }

    /**
     * Runs the forward through {@code forward} (a scripted executor; null = the eager ops) from now
     * on; the transformer owns and closes it. If it fails at run time, {@code notice} hears it once
     * and the eager path takes over.
     */
    public void useGroupForward(GroupForward forward, Consumer<String> notice) {
        if (script != null) {
            script.close();
        }
        script = forward;
        scriptNotice = notice;
    }

    /** Stops using the scripted executor and hands it (or null) back to the caller, who now owns it. */
    public GroupForward takeGroupForward() {
        GroupForward taken = script;
        script = null;
        return taken;
    }

    /** The scripted executor in use, or null when the eager ops run. */
    public GroupForward groupForward() {
        return script;
    }

    /**
     * Every weight as bound, by official key (the keys of {@link NitConfig#expectedShapes()}):
     * the arrays this transformer computes with, with their folds (see {@code NitBlock}), for an
     * executor that reuses them instead of loading a second copy. Owned by the transformer.
     */
    public Map<String, NDArray> boundWeights() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("x_embedder.proj.weight", embedWeight);
        m.put("x_embedder.proj.bias", embedBias);
        timeEmbedder.bound("t_embedder.", m);
        m.put("y_embedder.embedding_table.weight", classTable);
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).bound("blocks." + i + ".", m);
        }
        m.put("final_layer.adaLN_modulation.1.weight", finalModulationWeight);
        m.put("final_layer.adaLN_modulation.1.bias", finalModulationBias);
        m.put("final_layer.linear.weight", finalWeight);
        m.put("final_layer.linear.bias", finalBias);
        return m;
    }

    /** The attention kernel in use (FUSED if its module loaded, or inside a scripted forward). */
    public AttentionKind attention() {
        return fused != null || script != null ? AttentionKind.FUSED : AttentionKind.EAGER;
    }

    @Override
    public void close() {
        if (script != null) {
            script.close();
            script = null;
        }
        manager.close();
        if (fused != null) {
            fused.close();
        }
    }
}
