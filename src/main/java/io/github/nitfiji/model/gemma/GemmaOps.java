package io.github.nitfiji.model.gemma;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;
import java.io.IOException;

/** Gemma's numerics: (1 + w) RMSNorm, half-split RoPE, GELU with the tanh approximation. */
final class GemmaOps {
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private GemmaOps() {
    }

    /** A Gemma RMSNorm weight as the factor it multiplies by, (1 + w) * extra, in float32. */
    static NDArray unitOffsetNorm(WeightBinder w, String key, float extra) throws IOException {
        NDArray stored = w.loadFloat32(key);
        NDArray factor = stored.add(1f).muli(extra);
        stored.close();
        return Scoped.persistent(factor);
    }

    /** x * rsqrt(mean(x^2) + eps) * factor over the last axis, in float32 like HF's Gemma3RMSNorm. */
    static NDArray rmsNorm(NDArray x, NDArray factor, double eps) {
        NDArray meanSquare = x.mul(x).mean(new int[] {-1}, true);
        return x.div(meanSquare.add((float) eps).sqrt()).mul(factor);
    }

    /** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), HF's gelu_pytorch_tanh. */
    static NDArray geluTanh(NDArray x) {
        NDArray inner = x.mul(x).mul(0.044715f).add(1f).mul(x).mul(SQRT_2_OVER_PI);
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    /**
     * Half-split RoPE on x [s, heads, hd]: x cos + rotate_half(x) sin with rotate_half(x) =
     * [-x2, x1] over the two halves (Gemma's convention, unlike TiM's interleaved pairs).
     */
    static NDArray rotateHalfSplit(NDArray x, NDArray[] rope) {
        long half = x.getShape().get(2) / 2;
        NDArray x1 = x.get(":, :, :" + half);
        NDArray x2 = x.get(":, :, " + half + ":");
        NDArray rotated = x2.neg().concat(x1, 2);
        return x.mul(rope[0]).add(rotated.mul(rope[1]));
    }

    /**
     * cos and sin [s, 1, hd] of positions 0..s-1 as HF computes them in float32: inverse
     * frequencies base^(-2i/hd), angles position x frequency, the halves repeated.
     */
    static NDArray[] ropeTables(NDManager manager, int positions, int headDim, double base) {
        int half = headDim / 2;
        float[] inverse = new float[half];
        for (int i = 0; i < half; i++) {
            inverse[i] = (float) (1.0 / Math.pow(base, (float) (2 * i) / headDim));
        }
        float[] cos = new float[positions * headDim];
        float[] sin = new float[positions * headDim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < headDim; i++) {
                float angle = (float) p * inverse[i % half];
                cos[p * headDim + i] = (float) Math.cos(angle);
                sin[p * headDim + i] = (float) Math.sin(angle);
            }
        }
        Shape shape = new Shape(positions, 1, headDim);
        return new NDArray[] {manager.create(cos, shape), manager.create(sin, shape)};
    }

    /** Additive mask [s, s]: 0 where query i may see key j (j <= i, and i - j < window), else -inf. */
    static NDArray causalMask(NDManager manager, int s, int window) {
        float[] mask = new float[s * s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                boolean visible = j <= i && i - j < window;
                mask[i * s + j] = visible ? 0f : Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(mask, new Shape(s, s));
    }
}
