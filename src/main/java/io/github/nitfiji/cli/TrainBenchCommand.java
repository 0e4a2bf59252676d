package io.github.nitfiji.cli;

import ai.djl.Device;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.runtime.DeviceChoice;
import io.github.nitfiji.train.TrainingBench;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code train bench}: training step time and memory at the NiT-XL shape, and the DC-AE encode rate. */
@Command(name = "bench", description = {"Time training steps at the NiT-XL shape (random weights): seconds per step"
        + " and peak resident memory for LoRA and full fine-tuning at each token budget, beside an inference forward"
        + " of the same tokens; and the DC-AE f32c32 encode rate. Measure on an idle machine."})
final class TrainBenchCommand implements Callable<Integer> {
    @ParentCommand
    TrainCommand parent;
    @Option(names = "--tokens", paramLabel = "T[,T...]", split = ",", description = "token budgets (default 256,1024,4096)")
    int[] tokens = {256, 1024, 4096};
    @Option(names = "--modes", paramLabel = "M[,M...]", split = ",", description = "lora and/or full (default both)")
    String[] modes = {"lora", "full"};
    @Option(names = "--rank", paramLabel = "R", description = "LoRA rank (default ${DEFAULT-VALUE})")
    int rank = 16;
    @Option(names = "--depth", paramLabel = "N", description = "blocks (default 28 as NiT-XL; smaller for a quick look)")
    int depth = 28;
    @Option(names = "--repeat", paramLabel = "N", description = "timed runs after one warm-up, best kept (default 2)")
    int repeat = 2;
    @Option(names = "--encode-sizes", paramLabel = "PX[,PX...]", split = ",", description = "DC-AE encode sizes"
            + " (default 256,512; 0 = skip)")
    int[] encodeSizes = {256, 512};
    @Option(names = "--memory-budget", paramLabel = "GB", description = "refuse configurations estimated above this"
            + " (default: 85 %% of RAM)")
    double memoryBudgetGb;
    @Option(names = "--device", paramLabel = "D", description = "cpu, gpu, gpu:N (default cpu)")
    String device = "cpu";

    @Override
    public Integer call() throws Exception {
        if (depth < 1 || repeat < 1 || rank < 1) {
            throw new UsageException("--depth, --repeat and --rank must be at least 1");
        }
        for (String m : modes) {
            if (!m.equals("lora") && !m.equals("full")) {
                throw new UsageException("--modes takes lora and/or full, found '" + m + "'");
            }
        }
        Device dev = DeviceChoice.resolve(DeviceChoice.check(device, "--device"),
                w -> parent.err.println("nit: warning: " + w));
        NitConfig config = TrainingBench.shape(depth);
        parent.out.println("NiT-XL shape, depth " + depth + ", " + dev + ", FP32, LoRA rank " + rank + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        parent.out.println("| tokens | mode | s/step | forward s | step / forward | peak GB (train) | peak GB (infer)"
                + " | estimate GB |");
        parent.out.println("|---|---|---|---|---|---|---|---|");
        for (TrainingBench.Row r : TrainingBench.steps(config, tokens, List.of(modes), rank, repeat, dev,
                (long) (memoryBudgetGb * 1e9))) {
            if (r.refused != null) {
                parent.out.println(String.format(Locale.ROOT, "| %d | %s | refused: %s | | | | | %.1f |", r.tokens, r.mode,
                        r.refused, r.estimateGb));
            } else {
                parent.out.println(String.format(Locale.ROOT, "| %d | %s | %.3f | %.3f | %.2f | %.2f | %.2f | %.1f |",
                        r.tokens, r.mode, r.stepSeconds, r.forwardSeconds, r.stepSeconds / r.forwardSeconds,
                        r.trainingPeakGb, r.inferencePeakGb, r.estimateGb));
            }
        }
        int[] sizes = Arrays.stream(encodeSizes).filter(s -> s > 0).toArray();
        if (sizes.length > 0) {
            double[] rates = TrainingBench.encodeRates(sizes, repeat, dev);
            for (int i = 0; i < sizes.length; i++) {
                parent.out.println(String.format(Locale.ROOT, "DC-AE encode %d x %d: %.2f images/s", sizes[i], sizes[i],
                        rates[i]));
            }
        }
        return 0;
    }
}
