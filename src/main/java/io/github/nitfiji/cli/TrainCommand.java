package io.github.nitfiji.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code train}: fine-tune an installed NiT on a dataset ({@link TrainJob}), and its sub-commands
 * {@code step} (official steps on explicit files) and {@code export} (merged full weights for the
 * official code). Exit codes: 0 ok, 1 failure, 2 usage error, 130 cancelled (checkpoint written).
 */
@Command(name = "train", usageHelpAutoWidth = false, description = {"Fine-tune an installed NiT on your own images at"
        + " their native resolution, as the official trainer does (flow-matching loss, AdamW, EMA): LoRA by default,"
        + " every weight with --full; each class folder becomes a new class (1001, 1002, ...). The result is"
        + " installed as a new model --name. Ctrl-C writes a checkpoint; --resume continues it."},
        subcommands = {TrainStepCommand.class, TrainExportCommand.class, TrainBenchCommand.class})
final class TrainCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    @Option(names = "--data", paramLabel = "DIR|FILE", description = "A folder with one sub-folder of images per class,"
            + " or a .csv / .json list of (file, class).")
    Path data;
    @Option(names = "--base", paramLabel = "MODEL", description = "The installed NiT to start from (e.g. smoke-test,"
            + " nit-xl-1000k).")
    String base;
    @Option(names = "--name", paramLabel = "ID", description = "The new model's id (lower-case letters, digits, . _ -).")
    String name;
    @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps (default ${DEFAULT-VALUE}).")
    int steps = 1000;
    @Option(names = "--lr", paramLabel = "X", description = "Learning rate, constant (default ${DEFAULT-VALUE}).")
    double lr = 1e-4;
    @Option(names = "--warmup", paramLabel = "N", description = "Linear warm-up steps (default 0).")
    int warmup;
    @Option(names = "--rank", paramLabel = "R", description = "LoRA rank (default ${DEFAULT-VALUE}).")
    int rank = 16;
    @Option(names = "--alpha", paramLabel = "A", description = "LoRA alpha (default: the rank, i.e. scale 1).")
    double alpha;
    @Option(names = "--full", description = "Train every weight instead of LoRA (checks the memory need first).")
    boolean full;
    @Option(names = "--token-budget", paramLabel = "T", description = "Tokens per step (one per 32 x 32 px); default:"
            + " the most the memory budget allows.")
    int tokenBudget;
    @Option(names = "--memory-budget", paramLabel = "GB", description = "Memory a step may use (default: 85 %% of RAM).")
    double memoryBudgetGb;
    @Option(names = "--ema", paramLabel = "D", description = "EMA decay of the saved weights (default ${DEFAULT-VALUE}).")
    double ema = 0.999;
    @Option(names = "--preview-every", paramLabel = "N", description = "A preview grid (one image per class, fixed"
            + " seeds) every N steps (default 0: none).")
    int previewEvery;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "A checkpoint every N steps (default"
            + " ${DEFAULT-VALUE}; always at the end and on Ctrl-C).")
    int checkpointEvery = 500;
    @Option(names = "--resume", description = "Continue the run folder's checkpoint.")
    boolean resume;
    @Option(names = "--device", paramLabel = "D", description = "cpu, gpu, gpu:N or mps (default cpu).")
    String device = "cpu";
    @Option(names = "--precision", paramLabel = "P", description = "fp32 (the only precision training runs in today).")
    String precision = "fp32";
    @Option(names = "--seed", paramLabel = "S", description = "Seed of the data order, draws and LoRA init (default 0).")
    long seed;
    @Option(names = "--min-size", paramLabel = "PX", description = "Smallest image side accepted (default 32).")
    int minSize = 32;
    @Option(names = "--max-size", paramLabel = "PX", description = "Images above PX x PX pixels are scaled down to that"
            + " area, keeping their aspect (default ${DEFAULT-VALUE}).")
    int maxSize = 512;
    @Option(names = "--flip", description = "Also train on mirror images (encoded once each, picked at random).")
    boolean flip;
    @Option(names = "--encode-only", description = "Only encode the dataset into the latent cache.")
    boolean encodeOnly;
    @Option(names = "--shard", paramLabel = "K/N", description = "With --encode-only: encode part K of N.")
    String shard;
    @Option(names = "--export-official", paramLabel = "DIR", description = "With --encode-only: also write the cache in"
            + " the official trainer's layout (jsonl + latent files + packs) into DIR.")
    Path exportOfficial;
    @Option(names = "--run", paramLabel = "DIR", description = "Run folder (latent cache, checkpoint, loss.csv,"
            + " previews; default ./NAME.train).")
    Path run;
    @Option(names = "--models-dir", paramLabel = "DIR", description = "Models folder (default: see 'models list').")
    Path modelsDir;

    final PrintStream out;
    final PrintStream err;

    private TrainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return Picocli.run(new TrainCommand(out, err), Picocli.after("train", args), out, reason -> {
            err.println("nit: error: " + reason + " (see 'train --help')");
        });
    }

    @Override
    public Integer call() throws Exception {
        if (data == null || base == null || name == null) {
            throw new UsageException("train needs --data, --base and --name (or a sub-command: step, export); see"
                    + " 'train --help'");
        }
        if (!precision.equalsIgnoreCase("fp32")) {
            throw new UsageException("--precision " + precision + ": training runs in fp32 only for now (DJL has no"
                    + " autocast for mixed precision); leave --precision out");
        }
        if (shard != null && !encodeOnly) {
            throw new UsageException("--shard K/N only splits encoding: use it with --encode-only");
        }
        if (exportOfficial != null && !encodeOnly) {
            throw new UsageException("--export-official goes with --encode-only");
        }
        return new TrainJob(this).run();
    }
}
