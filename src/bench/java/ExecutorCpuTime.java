import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.nit.GroupForward;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.model.script.ScriptedNitForward;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Eager vs scripted NiT forward on a busy machine: alternates the two executors forward by
 * forward and reports, per executor, the median wall time, the calling thread's CPU time and the
 * whole process's CPU time. With one intra-op thread libtorch computes on the calling thread, so
 * its CPU time is the work itself and barely moves when other processes compete for the cores;
 * wall time does. Run from the repo after packaging:
 *   OMP_NUM_THREADS=1 java -Dai.djl.pytorch.num_threads=1 -cp "target/nit-cli.jar:target/lib/*" \
 *       src/bench/java/ExecutorCpuTime.java PX BATCH DEPTH ROUNDS
 */
public final class ExecutorCpuTime {
    public static void main(String[] args) throws Exception {
        int px = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int depth = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        NitConfig xl = NitConfig.xl();
        NitConfig config = new NitConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, 1, 32, 1000, true);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LatentSize size = new LatentSize(px / 32, px / 32);
        List<LatentSize> sizes = Collections.nCopies(batch, size);
        double[] t = new double[batch];
        Arrays.fill(t, 0.5);
        int[] y = new int[batch];
        Arrays.fill(y, 207);
        try (NitTransformer model = NitTransformer.load(config, new RandomWeights(config.expectedShapes(), 42),
                Device.cpu(), DataType.FLOAT32);
             NDManager m = model.newManager()) {
            NDArray x = m.randomNormal(new Shape((long) batch * size.tokens(), 32));
            NDArray c = model.conditioning(t, y, m);
            String[] names = {"eager", "script"};
            double[][] wall = new double[2][rounds];
            double[][] thread = new double[2][rounds];
            double[][] process = new double[2][rounds];
            if (!ScriptedNitForward.install(model, System.err::println)) {
                return;
            }
            GroupForward script = model.takeGroupForward();
            for (int r = -2; r < rounds; r++) { // two warm-up rounds (the script executor profiles first)
                for (int e = 0; e < 2; e++) {
                    if (e == 1) {
                        model.useGroupForward(script, System.err::println);
                    } else {
                        model.takeGroupForward();
                    }
                    long w0 = System.nanoTime();
                    long t0 = threads.getCurrentThreadCpuTime();
                    long p0 = os.getProcessCpuTime();
                    model.forward(x, sizes, c).close();
                    if (r >= 0) {
                        wall[e][r] = (System.nanoTime() - w0) / 1e6;
                        thread[e][r] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
                        process[e][r] = (os.getProcessCpuTime() - p0) / 1e6;
                    }
                }
            }
            System.out.printf("%d^2 batch %d depth %d, %d alternating rounds, medians (ms): executor wall thread-cpu process-cpu%n",
                    px, batch, depth, rounds);
            for (int e = 0; e < 2; e++) {
                System.out.printf("%s %.1f %.1f %.1f%n", names[e], median(wall[e]), median(thread[e]), median(process[e]));
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
