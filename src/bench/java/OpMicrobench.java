import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * Per-op costs in our engine (DJL 0.36 on libtorch 2.7.1), to split the NiT benchmark ratio
 * into BLAS speed and per-op overhead. Twin of ../python/op_microbench.py. Run from the repo:
 *   java -Dai.djl.pytorch.num_threads=1 -cp "target/nit-cli.jar:target/lib/*" src/bench/java/OpMicrobench.java
 */
public final class OpMicrobench {
    public static void main(String[] args) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(0f, 0.02f, new Shape(4608, 1152), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray b = m.zeros(new Shape(4608));
            for (int n : new int[] {64, 256, 1024, 4096}) {
                NDArray x = m.randomNormal(new Shape(n, 1152));
                int reps = Math.max(3, 4096 / n);
                time("linear " + n + "x1152 -> 4608", reps, 2.0 * n * 1152 * 4608, () -> {
                    try (NDManager s = m.newSubManager()) {
                        NDArray in = x.duplicate();
                        in.attach(s);
                        Linear.linear(in, w, b).singletonOrThrow();
                    }
                });
                x.close();
            }
            NDArray small = m.randomNormal(new Shape(64, 1152));
            time("add [64,1152] (per-op overhead)", 2000, 0, () -> {
                try (NDManager s = m.newSubManager()) {
                    NDArray in = small.duplicate();
                    in.attach(s);
                    in.add(in);
                }
            });
            NDArray big = m.randomNormal(new Shape(2, 1024, 4608));
            time("mul [2,1024,4608]", 20, 0, () -> {
                try (NDManager s = m.newSubManager()) {
                    NDArray in = big.duplicate();
                    in.attach(s);
                    in.mul(in);
                }
            });
            NDArray ones = m.ones(new Shape(1152));
            NDArray zeros = m.zeros(new Shape(1152));
            NDArray h = m.randomNormal(new Shape(2, 1024, 1152));
            time("layer_norm [2,1024,1152]", 20, 0, () -> {
                try (NDManager s = m.newSubManager()) {
                    NDArray in = h.duplicate();
                    in.attach(s);
                    LayerNorm.layerNorm(in, new Shape(1152), ones, zeros, 1e-6f).singletonOrThrow();
                }
            });
            NDArray q = m.randomNormal(new Shape(2, 16, 1024, 72));
            time("softmax(q k^T) v [2,16,1024,72]", 5, 4.0 * 2 * 16 * 1024 * 1024 * 72, () -> {
                try (NDManager s = m.newSubManager()) {
                    NDArray in = q.duplicate();
                    in.attach(s);
                    in.matMul(in.transpose(0, 1, 3, 2)).softmax(-1).matMul(in);
                }
            });
        }
    }

    private static void time(String name, int reps, double flop, Runnable r) {
        r.run();
        r.run();
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        double ms = (System.nanoTime() - t) / 1e6 / reps;
        System.out.printf("%-36s %10.3f ms%s%n", name, ms, flop > 0 ? String.format("  %6.1f GFLOP/s", flop / ms / 1e6) : "");
    }
}
