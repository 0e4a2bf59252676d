package io.github.nitfiji.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.Bf16Kernels;
import java.io.IOException;

/**
 * This CPU's practical peak: GFLOP/s of one large square matrix product (oneMKL / oneDNN at their
 * best shape) in float32 and, through {@link Bf16Kernels}, in bfloat16, with the current intra-op
 * threads. The ceiling against which a stage's GFLOP/s says how far from the limit it runs.
 */
public final class CpuPeak {
    /** GFLOP/s of an n x n x n float32 product, and of the bfloat16 one (0 when its kernels do not load). */
    public final double fp32;
    public final double bf16;
    public final int n;

    private CpuPeak(int n, double fp32, double bf16) {
        this.n = n;
        this.fp32 = fp32;
        this.bf16 = bf16;
    }

    /** The best of {@code repeat} products of each kind, after one warm-up each. */
    public static CpuPeak measure(int n, int repeat) {
        double flops = 2.0 * n * n * n;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            double fp32 = best(repeat, () -> a.matMul(b).close());
            double bf16 = 0;
            try (Bf16Kernels kernels = Bf16Kernels.load(Device.cpu())) {
                Bf16Kernels.Held w = kernels.hold(b, null);
                bf16 = best(repeat, () -> kernels.linear(a, w, n).close());
            } catch (IOException | RuntimeException e) {
                // no bfloat16 kernels here: reported as 0
            }
            return new CpuPeak(n, flops / fp32 / 1e6, bf16 > 0 ? flops / bf16 / 1e6 : 0);
        }
    }

    private static double best(int repeat, Runnable product) {
        product.run();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            product.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }
}
