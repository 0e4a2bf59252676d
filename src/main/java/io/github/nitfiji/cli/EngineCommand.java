package io.github.nitfiji.cli;

import io.github.nitfiji.runtime.EngineChoiceException;
import io.github.nitfiji.runtime.EngineControl;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code engine status | install | use FOLDER | reset}: which PyTorch library (CPU or CUDA) NiT
 * loads. Exit codes: 0 ok, 1 refused or failed (the reason on err), 2 usage.
 */
@Command(name = "engine", usageHelpAutoWidth = false,
        description = {"The PyTorch library (libtorch) NiT loads: the bundled CPU one, or a CUDA one for an NVIDIA GPU. "
                + "A change applies from the next start."},
        synopsisSubcommandLabel = "(status | install | use FOLDER | reset)",
        subcommands = {EngineCommand.Status.class, EngineCommand.Install.class, EngineCommand.Use.class,
            EngineCommand.Reset.class})
final class EngineCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;

    private EngineCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        String[] words = Picocli.after("engine", args);
        return Picocli.run(new EngineCommand(out, err), words.length == 0 ? new String[] {"status"} : words, out,
                reason -> err.println("engine: " + reason + " (see engine --help)"));
    }

    @Override
    public Integer call() {
        return 0;
    }

    /** Prints one result line, or the refusal on err with exit code 1. */
    private int report(Action action) {
        try {
            out.println(action.run());
            return 0;
        } catch (EngineChoiceException e) {
            err.println("nit: error: " + e.getMessage());
            return 1;
        }
    }

    private interface Action {
        String run() throws EngineChoiceException;
    }

    @Command(name = "status", description = "This machine, its NVIDIA driver, the library in use and at the next "
            + "start, and the one thing to do next.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        EngineCommand parent;

        @Override
        public Integer call() {
            EngineControl.status().forEach(parent.out::println);
            return 0;
        }
    }

    @Command(name = "install", description = "Download DJL's CUDA 12.8 build of libtorch 2.7.1 (Linux/Windows x86-64, "
            + "an NVIDIA driver for CUDA 12) and use it from the next start; an interrupted install resumes.")
    static final class Install implements Callable<Integer> {
        @ParentCommand
        EngineCommand parent;

        @Override
        public Integer call() {
            return parent.report(() -> EngineControl.install(TextProgressBar.forStream(parent.out)));
        }
    }

    @Command(name = "use", description = "Use an existing libtorch 2.7.1 (pytorch.org's libtorch archive or a torch "
            + "wheel's torch/lib; CUDA 12.8 or CPU), checked first.")
    static final class Use implements Callable<Integer> {
        @ParentCommand
        EngineCommand parent;
        @Parameters(paramLabel = "FOLDER", description = "the libtorch folder (or its lib folder)")
        Path folder;

        @Override
        public Integer call() {
            return parent.report(() -> EngineControl.use(folder));
        }
    }

    @Command(name = "reset", description = "Forget the choice: the bundled CPU library from the next start.")
    static final class Reset implements Callable<Integer> {
        @ParentCommand
        EngineCommand parent;

        @Override
        public Integer call() {
            return parent.report(EngineControl::reset);
        }
    }
}
