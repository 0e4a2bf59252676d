package io.github.nitfiji.model.tim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.github.nitfiji.AttentionKind;
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
 * The TiM-T2I transformer bound to the official state-dict keys ({@code projector.*} is ignored):
 * the TiM trunk conditioned on c = t_emb(t) + Δ_emb(t - r), with a cross-attention to the caption
 * in every block. Captions enter once per request through {@link #prepare} (caption embedder and
 * every block's keys/values); each {@link #forward} then only runs the image tokens. Not
 * thread-safe: one forward at a time.
 *
 * <p>Weights live in the model's manager on its device, in FP32 or FP16; inputs and outputs are
 * FP32 tokens [B*h*w, channels], images concatenated, tokens row-major.
 */
public final class TimT2iTransformer implements AutoCloseable {
    private final TimT2iConfig config;
    private final DataType precision;
    private final NDManager manager;
    private final TrunkOps ops;
    private final FusedAttention fused;
    private final RopeCache ropeCache;
    private final NDArray embedWeight;
    private final NDArray embedBias;
    private final TimestepEmbedder timeEmbedder;
    private final TimestepEmbedder deltaEmbedder;
    private final NDArray captionNormWeight;
    private final NDArray captionNormBias;
    private final SwiGlu captionMlp;
    private final List<TimT2iBlock> blocks = new ArrayList<>();
    private final SwiGlu finalModulation;
    private final NDArray finalWeight;
    private final NDArray finalBias;

    private TimT2iTransformer(TimT2iConfig config, WeightSource source, NDManager manager, DataType precision,
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
        deltaEmbedder = new TimestepEmbedder("delta_embedder.", w);
        captionNormWeight = w.load("y_embedder.norm.weight");
        captionNormBias = w.load("y_embedder.norm.bias");
        captionMlp = SwiGlu.load("y_embedder.mlp.", w);
        for (int i = 0; i < config.depth; i++) {
            blocks.add(new TimT2iBlock(config, i, w, ops));
        }
        finalModulation = SwiGlu.modulation("final_layer.adaLN_modulation.", w, 2, new int[] {1});
        finalWeight = w.load("final_layer.linear.weight");
        finalBias = w.load("final_layer.linear.bias");
    }

    /**
     * Checks that the source is a TiM-T2I checkpoint and every key against the config (one
     * exception listing all missing and mis-shaped keys), then loads the weights onto
     * {@code device} in {@code precision}. FUSED attention falls back to EAGER (telling
     * {@code warn}) when its TorchScript module cannot load.
     */
    public static TimT2iTransformer load(TimT2iConfig config, WeightSource source, Device device, DataType precision,
                                         AttentionKind attention, Consumer<String> warn) throws IOException {
        return TrunkLoad.load("the TiM-T2I config " + config.toJson(),
                config.expectedShapes(), source, device, precision, attention == AttentionKind.FUSED, warn,
                (manager, fused) -> new TimT2iTransformer(config, source, manager, precision, fused));
    }

    public TimT2iConfig config() {
        return config;
    }

    /** A manager on the model's device for a caller's arrays; close it to free them. */
    public NDManager newManager() {
        return manager.newSubManager();
    }

    /**
     * The per-request caption state: caption embedder, then every block's cross-attention keys
     * and values.
     *
     * @param captions float32 text-encoder states [p, L, cap_feat_dim] (TiM's y, cut to L)
     */
    public CaptionContext prepare(NDArray captions) {
        return prepare(captions, Trace.NONE);
    }

    CaptionContext prepare(NDArray captions, Trace trace) {
        Shape s = captions.getShape();
        if (s.dimension() != 3 || s.get(2) != config.captionFeatures || s.get(1) < 1) {
            throw new IllegalArgumentException("caption features have shape " + s + ", expected (captions, tokens, "
                    + config.captionFeatures + ")");
        }
        NDManager owner = manager.newSubManager();
        NDArray[] keys = new NDArray[blocks.size()];
        NDArray[] values = new NDArray[blocks.size()];
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray y = captions.toDevice(manager.getDevice(), false).toType(precision, false);
            NDArray normed = LayerNorm.layerNorm(y, new Shape(config.captionFeatures), captionNormWeight,
                    captionNormBias, 1e-5f).singletonOrThrow();
            NDArray embed = captionMlp.forward(normed);
            trace.record("y_embed", embed);
            for (int i = 0; i < blocks.size(); i++) {
                NDArray[] kv = blocks.get(i).captionKeysValues(embed);
                keys[i] = keep(kv[0], owner);
                values[i] = keep(kv[1], owner);
            }
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
        return new CaptionContext(owner, keys, values, (int) s.get(0), (int) s.get(1));
    }

    private static NDArray keep(NDArray a, NDManager owner) {
        NDScope.unregister(a);
        a.attach(owner);
        return a;
    }

    /**
     * The transition F for B images of one latent size.
     *
     * @param x float32 tokens [B*h*w, in_channels], images concatenated, each row-major
     * @param t the time of each image (1 = noise, 0 = data)
     * @param r the target time of each image (r = t gives the velocity)
     * @param captions the request's prepared captions
     * @param rows for each image, its caption's row in {@code captions}
     * @return float32 F [B*h*w, in_channels], owned by x's manager
     */
    public NDArray forward(NDArray x, LatentSize size, double[] t, double[] r, CaptionContext captions, int[] rows) {
        return forward(x, size, t, r, captions, rows, Trace.NONE);
    }

    NDArray forward(NDArray x, LatentSize size, double[] t, double[] r, CaptionContext captions, int[] rows,
                    Trace trace) {
        int images = rows.length;
        if (t.length != images || r.length != images) {
            throw new IllegalArgumentException(t.length + " times t, " + r.length + " times r and " + images
                    + " caption rows; give one of each per image");
        }
        for (int row : rows) {
            if (row < 0 || row >= captions.captions()) {
                throw new IllegalArgumentException("caption row " + row + " is outside 0.." + (captions.captions() - 1));
            }
        }
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
            trace.record("t_embed", timeEmbed);
            trace.record("delta_embed", deltaEmbed);
            NDArray c = timeEmbed.add(deltaEmbed).reshape(images, 1, d);
            trace.record("c", c);
            NDArray delta3 = deltaEmbed.reshape(images, 1, d);
            NDArray h = Linear.linear(x.toType(precision, false), embedWeight, embedBias).singletonOrThrow()
                    .reshape(images, n, d);
            trace.record("x_embed", h);
            NDArray selected = identity(rows, captions.captions()) ? null : manager.create(rows);
            for (int i = 0; i < blocks.size(); i++) {
                TimT2iBlock block = blocks.get(i);
                NDArray keys = select(captions.keys(i), selected);
                NDArray values = select(captions.values(i), selected);
                String name = "block" + i + ".";
                Trace blockTrace = (part, value) -> trace.record(name + part, value);
                h = Scoped.step(h, in -> block.forward(in, c, delta3, rope, keys, values, blockTrace));
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

    private static boolean identity(int[] rows, int captions) {
        if (rows.length != captions) {
            return false;
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static NDArray select(NDArray perCaption, NDArray rows) {
        return rows == null ? perCaption : perCaption.get(new NDIndex("{}", rows));
    }

    @Override
    public void close() {
        manager.close();
        if (fused != null) {
            fused.close();
        }
    }
}
