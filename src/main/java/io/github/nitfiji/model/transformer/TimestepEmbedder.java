package io.github.nitfiji.model.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.github.nitfiji.io.NativeOwned;
import io.github.nitfiji.model.Ops;
import io.github.nitfiji.model.WeightBinder;
import java.io.IOException;
import java.util.Map;

/**
 * The official {@code TimestepEmbedder}: {@link TimestepFeatures} of t, then Linear(256, D), SiLU,
 * Linear(D, D), bound to {@code <prefix>mlp.0} and {@code <prefix>mlp.2}. NiT has one (t); TiM two
 * (t and Δt = t - r, separate weights).
 */
public final class TimestepEmbedder {
    private final NDManager manager;
    private final DataType precision;
    private final NDArray weight0;
    private final NDArray bias0;
    private final NDArray weight2;
    private final NDArray bias2;

    /** @param prefix e.g. {@code t_embedder.} */
    public TimestepEmbedder(String prefix, WeightBinder w) throws IOException {
        manager = w.manager();
        precision = w.precision();
        weight0 = w.load(prefix + "mlp.0.weight");
        bias0 = w.load(prefix + "mlp.0.bias");
        weight2 = w.load(prefix + "mlp.2.weight");
        bias2 = w.load(prefix + "mlp.2.bias");
    }

    /** Adds the keys and shapes this module reads to {@code m}. */
    public static void expectShapes(Map<String, long[]> m, String prefix, long hidden) {
        m.put(prefix + "mlp.0.weight", new long[] {hidden, TimestepFeatures.SIZE});
        m.put(prefix + "mlp.0.bias", new long[] {hidden});
        m.put(prefix + "mlp.2.weight", new long[] {hidden, hidden});
        m.put(prefix + "mlp.2.bias", new long[] {hidden});
    }

    /** Adds this module's arrays to {@code into} under their checkpoint keys ({@code prefix} = "t_embedder."). */
    public void bound(String prefix, Map<String, NDArray> into) {
        into.put(prefix + "mlp.0.weight", weight0);
        into.put(prefix + "mlp.0.bias", bias0);
        into.put(prefix + "mlp.2.weight", weight2);
        into.put(prefix + "mlp.2.bias", bias2);
    }

    /** The embedding of each t, [t.length, D], in the model's precision, on its device. */
    public NDArray embed(double[] t) {
        // libtorch-owned: an array made from Java data aliases a Java buffer that closing the array
        // releases, while autograd (training) keeps the first layer's input for backward
        NDArray features = NativeOwned.of(manager.create(TimestepFeatures.of(t),
                new Shape(t.length, TimestepFeatures.SIZE)));
        NDArray hidden = Linear.linear(features.toType(precision, false), weight0, bias0).singletonOrThrow();
        return Linear.linear(Ops.silu(hidden), weight2, bias2).singletonOrThrow();
    }
}
