package io.github.nitfiji.model.tim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.Bf16Kernels;
import io.github.nitfiji.model.FusedAttention;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.WeightSource;
import io.github.nitfiji.model.transformer.RopeCache;
import io.github.nitfiji.model.transformer.SwiGlu;
import io.github.nitfiji.model.transformer.TimestepEmbedder;
import io.github.nitfiji.model.transformer.TrunkLoad;
import io.github.nitfiji.model.transformer.TrunkOps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The TiM-C2I transformer bound to the official state-dict keys ({@code projector.*}, used only
 * in training, is ignored). For a batch of same-sized images at times t it predicts the transition
 * F towards times r: x_r = x_t - (t - r) F; with r = t, F is the flow velocity. Conditioning is
 * c = t_emb(t) + Δ_emb(t - r) + label_emb(y). Not thread-safe: one forward at a time.
 *
 * <p>Weights live in the model's manager on its device, in FP32 or FP16; inputs and outputs are
 * FP32 tokens [B*h*w, channels], images concatenated, tokens row-major.
 */
public final class TimTransformer implements AutoCloseable {
    private final TimConfig config;
    private final DataType precision;
    private final NDManager manager;
    private final TrunkOps ops;
    private final FusedAttention fused;
    private final RopeCache ropeCache;
    private final NDArray embedWeight;
    private final NDArray embedBias;
    private final TimestepEmbedder timeEmbedder;
    private final TimestepEmbedder deltaEmbedder;
    private final NDArray classTable;
    private final List<TimBlock> blocks = new ArrayList<>();
    private final SwiGlu finalModulation;
    private final NDArray finalWeight;
    private final NDArray finalBias;
    /** The bfloat16 kernels of the blocks' matrix products, or null (all in {@link #precision}). */
    private final Bf16Kernels bf16;

    private TimTransformer(TimConfig config, WeightSource source, NDManager manager, DataType precision,
                           FusedAttention fused, Bf16Kernels bf16) throws IOException {
        this.config = config;
        this.precision = precision;
        this.manager = manager;
        this.fused = fused;
        this.bf16 = bf16;
        WeightBinder exact = new WeightBinder(source, manager, precision);
        // the blocks' qkv, projection and MLP products in bfloat16 when asked; embedders, adaLN and the
        // final layer (per image, or a few channels) stay exact
        WeightBinder w = exact.withBf16(bf16);
        ops = new TrunkOps(config.hiddenSize, config.headDim(), w, fused);
        ropeCache = new RopeCache(config.headDim(), manager, precision);
        embedWeight = exact.load("x_embedder.proj.weight").reshape(config.hiddenSize, config.inChannels);
        embedBias = w.load("x_embedder.proj.bias");
        timeEmbedder = new TimestepEmbedder("t_embedder.", w);
        deltaEmbedder = new TimestepEmbedder("delta_embedder.", w);
        classTable = w.load("y_embedder.embedding_table.weight");
        for (int i = 0; i < config.depth; i++) {
            blocks.add(new TimBlock(config, i, w, ops));
        }
        finalModulation = SwiGlu.modulation("final_layer.adaLN_modulation.", w, 2, new int[] {1});
        finalWeight = w.load("final_layer.linear.weight");
        finalBias = w.load("final_layer.linear.bias");
    }

    /**
     * Checks that the source is a TiM-C2I checkpoint and every key against the config (one
     * exception listing all missing and mis-shaped keys), then loads the weights onto
     * {@code device} in {@code precision}. FUSED attention falls back to EAGER (telling
     * {@code warn}) when its TorchScript module cannot load.
     */
    public static TimTransformer load(TimConfig config, WeightSource source, Device device, DataType precision,
                                      AttentionKind attention, Consumer<String> warn) throws IOException {
        return load(config, source, device, precision, false, attention, warn);
    }

    /**
     * As {@link #load(TimConfig, WeightSource, Device, DataType, AttentionKind, Consumer)}; with
     * {@code bf16Matmuls} (float32 on the CPU) the blocks' matrix products run in bfloat16
     * ({@link Bf16Kernels}), everything else in float32.
     */
    public static TimTransformer load(TimConfig config, WeightSource source, Device device, DataType precision,
                                      boolean bf16Matmuls, AttentionKind attention, Consumer<String> warn)
            throws IOException {
        if (bf16Matmuls && precision != DataType.FLOAT32) {
            throw new IllegalArgumentException("bfloat16 matrix products take float32 weights, not " + precision);
        }
        return TrunkLoad.load("the TiM-C2I config " + config.toJson(),
                config.expectedShapes(), source, device, precision, attention == AttentionKind.FUSED, warn,
                (manager, fused) -> {
                    Bf16Kernels kernels = bf16Matmuls ? Bf16Kernels.load(device) : null;
                    try {
                        return new TimTransformer(config, source, manager, precision, fused, kernels);
                    } catch (IOException | RuntimeException e) {
                        if (kernels != null) {
                            kernels.close();
                        }
                        throw e;
                    }
                });
    }

    /** Whether the blocks' matrix products run in bfloat16. */
    public boolean bf16Matmuls() {
        return bf16 != null;
    }

    public TimConfig config() {
        return config;
    }

    public Device device() {
        return manager.getDevice();
    }

    public DataType precision() {
        return precision;
    }

    /** The attention kernel in use (FUSED only if its module loaded). */
    public AttentionKind attention() {
        return fused != null ? AttentionKind.FUSED : AttentionKind.EAGER;
    }

    /** A manager on the model's device for a caller's arrays; close it to free them. */
    public NDManager newManager() {
        return manager.newSubManager();
    }

    /**
     * The transition F for B images of one latent size.
     *
     * @param x float32 tokens [B*h*w, in_channels], images concatenated, each row-major
     * @param t the time of each image (1 = noise, 0 = data)
     * @param r the target time of each image (r = t gives the velocity)
     * @param classes the class of each image, 0..num_classes (num_classes = no class)
     * @return float32 F [B*h*w, in_channels], owned by x's manager
     */
    public NDArray forward(NDArray x, LatentSize size, double[] t, double[] r, int[] classes) {
        return forward(x, size, t, r, classes, Trace.NONE);
    }

    NDArray forward(NDArray x, LatentSize size, double[] t, double[] r, int[] classes, Trace trace) {
        int images = classes.length;
        if (t.length != images || r.length != images) {
            throw new IllegalArgumentException(t.length + " times t, " + r.length + " times r and " + images
                    + " classes; give one of each per image");
        }
        long[] ids = labelIds(classes);
        Shape xs = x.getShape();
        long n = size.tokens();
        if (xs.dimension() != 2 || xs.get(0) != images * n || xs.get(1) != config.inChannels) {
            throw new IllegalArgumentException("tokens have shape " + xs + ", expected (" + images * n + ", "
                    + config.inChannels + ") for " + images + " image(s) of latent size " + size);
        }
        double[] delta = new double[images];
        for (int i = 0; i < images; i++) {
            delta[i] = t[i] - r[i];
        }
        NDArray[] rope = ropeCache.tables(size);
        int d = config.hiddenSize;
        NDArray out = Scoped.compute(() -> {
            NDArray timeEmbed = timeEmbedder.embed(t);
            NDArray deltaEmbed = deltaEmbedder.embed(delta);
            NDArray labelEmbed = classTable.get(new NDIndex("{}", manager.create(ids)));
            trace.record("t_embed", timeEmbed);
            trace.record("delta_embed", deltaEmbed);
            trace.record("label_embed", labelEmbed);
            NDArray c = timeEmbed.add(deltaEmbed).add(labelEmbed).reshape(images, 1, d);
            trace.record("c", c);
            NDArray delta3 = deltaEmbed.reshape(images, 1, d);
            NDArray h = Linear.linear(x.toType(precision, false), embedWeight, embedBias).singletonOrThrow()
                    .reshape(images, n, d);
            trace.record("x_embed", h);
            for (int i = 0; i < blocks.size(); i++) {
                TimBlock block = blocks.get(i);
                String name = "block" + i + ".";
                Trace blockTrace = (part, value) -> trace.record(name + part, value);
                h = Scoped.step(h, in -> block.forward(in, c, delta3, rope, blockTrace));
                trace.record(name + "out", h);
            }
            NDList mod = finalModulation.forward(c).split(2, 2);
            NDArray modulated = ops.normalize(h).mul(mod.get(1)).add(mod.get(0));
            NDArray f = Linear.linear(modulated, finalWeight, finalBias).singletonOrThrow();
            trace.record("final", f);
            return f.reshape(images * n, config.inChannels).toType(DataType.FLOAT32, false);
        });
        out.attach(x.getManager());
        return out;
    }

    private long[] labelIds(int[] classes) {
        long[] ids = new long[classes.length];
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] > config.nullClass()) {
                throw new IllegalArgumentException("class " + classes[i] + " is outside 0.." + config.nullClass()
                        + " (" + config.nullClass() + " = no class)");
            }
            ids[i] = classes[i];
        }
        return ids;
    }

    @Override
    public void close() {
        manager.close();
        if (fused != null) {
            fused.close();
        }
        if (bf16 != null) {
            bf16.close();
        }
    }
}
