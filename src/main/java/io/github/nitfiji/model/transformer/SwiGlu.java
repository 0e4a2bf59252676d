package io.github.nitfiji.model.transformer;

import ai.djl.ndarray.NDArray;
import io.github.nitfiji.model.Gemm;
import io.github.nitfiji.model.Ops;
import io.github.nitfiji.model.WeightBinder;
import java.io.IOException;
import java.util.Map;

/**
 * timm's {@code SwiGLU} with biases, bound to {@code <prefix>fc1_g}, {@code fc1_x} and {@code fc2}:
 * fc2(SiLU(fc1_g x) * fc1_x x). The SiLU is on the gate {@code fc1_g}. TiM uses it as MLP and as
 * adaLN modulation (no SiLU before it, unlike NiT's).
 */
public final class SwiGlu {
    private final Gemm gate;
    private final Gemm value;
    private final Gemm out;

    private SwiGlu(String prefix, WeightBinder w, NDArray outBias) throws IOException {
        gate = Gemm.of(w, w.load(prefix + "fc1_g.weight"), w.load(prefix + "fc1_g.bias"));
        value = Gemm.of(w, w.load(prefix + "fc1_x.weight"), w.load(prefix + "fc1_x.bias"));
        out = Gemm.of(w, w.load(prefix + "fc2.weight"), outBias != null ? outBias : w.load(prefix + "fc2.bias"));
    }

    /** A plain SwiGLU, e.g. an MLP. */
    public static SwiGlu load(String prefix, WeightBinder w) throws IOException {
        return new SwiGlu(prefix, w, null);
    }

    /**
     * An adaLN modulation of {@code chunks} equal parts whose {@code scaleChunks} are scales: their
     * "1 +" is folded into the fc2 bias ({@link Modulation#foldUnitScale}).
     */
    public static SwiGlu modulation(String prefix, WeightBinder w, int chunks, int[] scaleChunks) throws IOException {
        // one row per image: bfloat16 would add error and save nothing
        WeightBinder exact = w.withBf16(null);
        return new SwiGlu(prefix, exact, Modulation.foldUnitScale(exact, prefix + "fc2.bias", chunks, scaleChunks));
    }

    /** Adds the keys and shapes of a SwiGLU in -> hidden -> out to {@code m}. */
    public static void expectShapes(Map<String, long[]> m, String prefix, long in, long hidden, long out) {
        m.put(prefix + "fc1_g.weight", new long[] {hidden, in});
        m.put(prefix + "fc1_g.bias", new long[] {hidden});
        m.put(prefix + "fc1_x.weight", new long[] {hidden, in});
        m.put(prefix + "fc1_x.bias", new long[] {hidden});
        m.put(prefix + "fc2.weight", new long[] {out, hidden});
        m.put(prefix + "fc2.bias", new long[] {out});
    }

    public NDArray forward(NDArray x) {
        NDArray g = Ops.silu(gate.apply(x));
        NDArray v = value.apply(x);
        return out.apply(g.mul(v));
    }
}
