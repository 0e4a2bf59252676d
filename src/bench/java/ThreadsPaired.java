import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.model.script.ScriptedNitForward;
import io.github.nitfiji.runtime.EngineSetup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Intra-op thread counts compared call by call in one process (issue 26, item 4): libtorch takes a
 * new count between operations, so one JVM alternates the counts forward by forward and a slow
 * minute hits all of them alike. NiT-XL shape (random weights, scripted forward), one image.
 * Prints ms per forward per count (best, median) and the median over rounds of (count / first).
 *
 *   java -cp target/nit-cli.jar src/bench/java/ThreadsPaired.java [PX] [DEPTH] [ROUNDS] [COUNTS]
 *   e.g. 256 28 12 2,1    (under load: start `python3 -c 'while True: pass' &` twice first)
 */
public final class ThreadsPaired {
    public static void main(String[] args) throws Exception {
        int px = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 28;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int[] counts = Arrays.stream((args.length > 3 ? args[3] : "2,1").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        EngineSetup.inferenceThread();
        NitConfig xl = NitConfig.xl();
        NitConfig config = new NitConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, 1, 32, 1000, true);
        try (NitTransformer model = NitTransformer.load(config, new RandomWeights(config.expectedShapes(), 42),
                Device.cpu(), DataType.FLOAT32, AttentionKind.FUSED, System.err::println);
             NDManager m = model.newManager()) {
            ScriptedNitForward.install(model, System.err::println);
            LatentSize size = new LatentSize(px / 32, px / 32);
            NDArray x = m.randomNormal(new Shape(size.tokens(), 32));
            NDArray c = model.conditioning(new double[] {0.5}, new int[] {207}, m);
            List<LatentSize> sizes = Collections.singletonList(size);
            for (int count : counts) { // warm-up, also of the module at this count
                JniUtils.setNumThreads(count);
                model.forward(x, sizes, c).close();
                model.forward(x, sizes, c).close();
            }
            List<List<Double>> ms = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                ms.add(new ArrayList<>());
            }
            System.out.printf(Locale.ROOT, "NiT-XL shape depth %d, %d^2, load average at start %s%n", depth, px,
                    new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg"))).trim());
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < counts.length; i++) {
                    JniUtils.setNumThreads(counts[i]);
                    long t0 = System.nanoTime();
                    model.forward(x, sizes, c).close();
                    ms.get(i).add((System.nanoTime() - t0) / 1e6);
                }
            }
            System.out.println("| threads | ms/forward best | median | / " + counts[0] + " threads (paired median) |");
            System.out.println("|---|---|---|---|");
            for (int i = 0; i < counts.length; i++) {
                List<Double> ratios = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    ratios.add(ms.get(i).get(r) / ms.get(0).get(r));
                }
                System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.3f |%n", counts[i], Collections.min(ms.get(i)),
                        median(ms.get(i)), median(ratios));
            }
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
