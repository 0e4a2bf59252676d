package io.github.nitfiji.cli;

import io.github.nitfiji.io.OutputPaths;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.train.ExplicitSteps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code train step}: official training steps on explicit files, for checking against the official
 * code (as {@code generate} has its golden path). Full fine-tuning, FP32, on the CPU.
 */
@Command(name = "step", description = {"Run official training steps (full fine-tuning, FP32, CPU) on explicit "
        + "batch files, in order, on one model and one optimizer, and write each step's loss, gradients (before "
        + "clipping), weight changes and EMA changes: stepK.loss, stepK.grad.<key>, stepK.delta.<key>, "
        + "stepK.ema_delta.<key>. Each batch file holds x0 [N, C], noise [N, C], t [B], hw [B, 2] (int) and labels "
        + "[B] (int, after label dropout)."})
final class TrainStepCommand implements Callable<Integer> {
    @ParentCommand
    TrainCommand parent;
    @Option(names = "--weights", required = true, paramLabel = "W.safetensors", description = "NiT weights (official keys).")
    Path weights;
    @Option(names = "--nit-config", paramLabel = "C.json", description = "NiT config (official constructor arguments);"
            + " default: the weights' __metadata__.config.")
    Path config;
    @Option(names = "--batch", required = true, paramLabel = "B.safetensors", description = "A step's batch; repeat "
            + "for more steps.")
    List<Path> batches = new ArrayList<>();
    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr = 1e-4;
    @Option(names = "--betas", paramLabel = "B1,B2", split = ",", description = "AdamW betas (default 0.9,0.95).")
    double[] betas = {0.9, 0.95};
    @Option(names = "--eps", paramLabel = "X", description = "AdamW eps (default ${DEFAULT-VALUE}).")
    double eps = 1e-6;
    @Option(names = "--weight-decay", paramLabel = "X", description = "AdamW decoupled weight decay (default "
            + "${DEFAULT-VALUE}).")
    double weightDecay = 0.01;
    @Option(names = "--clip", paramLabel = "X", description = "Clip the global gradient norm to X (default ${DEFAULT-VALUE}).")
    double clip = 1.0;
    @Option(names = "--ema-decay", paramLabel = "D", description = "EMA decay (default ${DEFAULT-VALUE}).")
    double emaDecay = 0.9999;
    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "Where to write the results.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (betas.length != 2) {
            throw new UsageException("--betas needs two numbers, e.g. 0.9,0.95");
        }
        List<OutputPaths.Named> inputs = new ArrayList<>();
        inputs.add(new OutputPaths.Named("--weights", weights));
        inputs.add(new OutputPaths.Named("--nit-config", config));
        for (Path b : batches) {
            inputs.add(new OutputPaths.Named("--batch", b));
        }
        List<String> problems = OutputPaths.problems(List.of(new OutputPaths.Named("--out", out)), inputs,
                OutputPaths.PROBE);
        if (!problems.isEmpty()) {
            throw new UsageException(String.join("\n", problems));
        }
        ExplicitSteps.Settings settings = new ExplicitSteps.Settings(lr, betas[0], betas[1], eps, weightDecay, clip,
                emaDecay);
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            NitConfig nitConfig = config != null ? NitConfig.fromFile(config) : NitConfig.fromWeights(file);
            Map<String, float[]> results = ExplicitSteps.run(weights, nitConfig, batches, settings);
            SafetensorsWriter writer = new SafetensorsWriter();
            for (Map.Entry<String, float[]> e : results.entrySet()) {
                writer.put(e.getKey(), ExplicitSteps.shapeOf(e.getKey(), file), e.getValue());
            }
            writer.write(out);
            for (int k = 1; results.containsKey("step" + k + ".loss"); k++) {
                parent.out.println("step " + k + ": loss " + results.get("step" + k + ".loss")[0]);
            }
            parent.out.println("wrote " + out.toAbsolutePath());
        }
        return 0;
    }
}
