package io.github.nitfiji.model.gemma;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.Transfer;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.WeightSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemma-3's decoder stack as TiM-T2I's text encoder: the last hidden state after the final norm
 * for each caption token. Only real tokens are run. Causal attention with right padding makes
 * them independent of the padding, and TiM's official encoder runs FlashAttention-2, which gives
 * every pad position a zero attention output: a pad position's state is then the same vector
 * everywhere (the pad embedding through the MLP halves only), computed once here
 * ({@link #padState}) and used wherever TiM's batch holds padding (shorter prompts, the null
 * caption). Not thread-safe: one encode at a time.
 *
 * <p>Weights are held in FLOAT32, or in FLOAT16 to halve the memory (BF16 checkpoints are
 * widened in Java first, which is exact); activations are always float32.
 */
public final class GemmaTextEncoder implements AutoCloseable {
    private final GemmaConfig config;
    private final NDManager manager;
    private final NDArray embedding;
    private final List<GemmaLayer> layers = new ArrayList<>();
    private final NDArray finalNorm;
    private final float[] padState;

    private GemmaTextEncoder(GemmaConfig config, WeightSource source, NDManager manager, DataType precision)
            throws IOException {
        this.config = config;
        this.manager = manager;
        WeightBinder w = new WeightBinder(source, manager, precision);
        embedding = w.load("model.embed_tokens.weight");
        for (int i = 0; i < config.layers; i++) {
            layers.add(new GemmaLayer(config, i, w));
        }
        finalNorm = GemmaOps.unitOffsetNorm(w, "model.norm.weight", 1f);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<NDArray> trajectory = padTrajectory();
            padState = finalNormalize(trajectory.get(trajectory.size() - 1)).toFloatArray();
        }
    }

    /** Checks every key and shape against the config (one exception listing all problems), then loads. */
    public static GemmaTextEncoder load(GemmaConfig config, WeightSource source, Device device, DataType precision)
            throws IOException {
        WeightBinder.checkPrecision(precision);
        WeightBinder.checkShapes(source, config.expectedShapes(), "the Gemma-3 text config");
        NDManager manager = NDManager.newBaseManager(device);
        try {
            return new GemmaTextEncoder(config, source, manager, precision);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public GemmaConfig config() {
        return config;
    }

    /** The last hidden state [s, hidden] (float32, owned by {@code owner}) of one caption's real ids. */
    public NDArray encode(int[] ids, NDManager owner) {
        checkIds(ids);
        NDArray out = Scoped.compute(() -> {
            NDArray h = embed(ids);
            NDArray mask = GemmaOps.causalMask(manager, ids.length, config.slidingWindow);
            NDArray[][] rope = ropeTables(ids.length);
            for (GemmaLayer layer : layers) {
                h = layer.forward(h, rope[layer.isGlobal() ? 0 : 1], mask);
            }
            return finalNormalize(h);
        });
        return Transfer.float32To(out, owner);
    }

    /**
     * TiM's caption batch [b, length, hidden]: each caption's states, then the pad state up to
     * {@code length} (TiM cuts the padded encoding at the longest real length of the batch).
     */
    public NDArray captions(List<int[]> ids, int length, NDManager owner) {
        NDList rows = new NDList();
        try (NDManager scratch = owner.newSubManager()) {
            NDArray pad = scratch.create(padState);
            for (int[] caption : ids) {
                if (caption.length > length) {
                    throw new IllegalArgumentException("a caption of " + caption.length + " tokens does not fit "
                            + length + " positions");
                }
                NDArray states = encode(caption, scratch);
                if (caption.length < length) {
                    states = states.concat(pad.expandDims(0).repeat(0, length - caption.length), 0);
                }
                rows.add(states.expandDims(0));
            }
            NDArray batch = NDArrays.concat(rows, 0);
            batch.attach(owner);
            return batch;
        }
    }

    /** The state of every pad position under FlashAttention-2 semantics, [hidden]. */
    public float[] padState() {
        return padState.clone();
    }

    /**
     * Embeddings then each layer's raw output (before the final norm), each [s, hidden]; the
     * caller runs this inside an NDScope (tests compare every layer).
     */
    List<NDArray> layerOutputs(int[] ids) {
        checkIds(ids);
        List<NDArray> out = new ArrayList<>();
        NDArray h = embed(ids);
        NDArray mask = GemmaOps.causalMask(manager, ids.length, config.slidingWindow);
        NDArray[][] rope = ropeTables(ids.length);
        out.add(h);
        for (GemmaLayer layer : layers) {
            h = layer.forward(h, rope[layer.isGlobal() ? 0 : 1], mask);
            out.add(h);
        }
        return out;
    }

    /**
     * The pad position's residual stream: the scaled pad embedding, then after each layer's MLP
     * half; the caller runs this inside an NDScope.
     */
    List<NDArray> padTrajectory() {
        List<NDArray> out = new ArrayList<>();
        NDArray h = embed(new int[] {config.padTokenId});
        out.add(h);
        for (GemmaLayer layer : layers) {
            h = layer.feedForward(h);
            out.add(h);
        }
        return out;
    }

    private NDArray embed(int[] ids) {
        NDArray rows = embedding.get(new NDIndex("{}", manager.create(ids)));
        NDArray f32 = rows.getDataType() == DataType.FLOAT32 ? rows : rows.toType(DataType.FLOAT32, false);
        return f32.mul(config.embedScale());
    }

    private NDArray finalNormalize(NDArray h) {
        return GemmaOps.rmsNorm(h, finalNorm, config.rmsNormEps);
    }

    /** {global, local} cos/sin tables for s positions. */
    private NDArray[][] ropeTables(int s) {
        return new NDArray[][] {
            GemmaOps.ropeTables(manager, s, config.headDim, config.globalRopeBase),
            GemmaOps.ropeTables(manager, s, config.headDim, config.localRopeBase),
        };
    }

    private void checkIds(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("a caption has at least <bos>; got no ids");
        }
        for (int id : ids) {
            if (id < 0 || id >= config.vocabSize) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of "
                        + config.vocabSize + ": the tokenizer does not belong to this text encoder");
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
