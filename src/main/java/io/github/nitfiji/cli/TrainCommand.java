package io.github.nitfiji.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code train}: fine-tune an installed NiT on a dataset ({@link TrainRunCommand}'s options), and
 * its sub-commands {@code step} (official steps on explicit files) and {@code export} (merged full
 * weights for the official code). Exit codes: 0 ok, 1 failure, 2 usage error, 130 cancelled.
 */
@Command(name = "train", usageHelpAutoWidth = false, description = {"Fine-tune NiT on your own images (LoRA by "
        + "default, new classes after ImageNet's), as the official trainer does; or check official steps (step), "
        + "or export a fine-tune as merged weights for the official code (export)."},
        subcommands = {TrainStepCommand.class})
final class TrainCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

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
    public Integer call() throws UsageException {
        throw new UsageException("missing sub-command or options: see 'train --help'");
    }
}
