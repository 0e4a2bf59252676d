package io.github.nitfiji.cli;

import io.github.nitfiji.ActiveFrontDoor;
import io.github.nitfiji.Version;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.io.PathNames;
import io.github.nitfiji.io.UserText;
import io.github.nitfiji.runtime.EngineSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.util.concurrent.CancellationException;

/** Command-line entry point: {@code java -jar target/nit-cli.jar COMMAND [options]}. */
public final class Main {
    static final String HELP = String.join("\n",
            "NiT for Fiji " + Version.get() + ": image generation at any size with NiT and TiM.",
            "",
            "usage: java -jar nit-cli.jar COMMAND [options]   (COMMAND --help for its options)",
            "",
            "commands:",
            "  generate   images (or latents) with NiT, TiM-C2I or TiM-T2I; weights as files: --tim-weights, --text-encoder",
            "  batch      generate a job file's images into a folder, in shards, resumable",
            "  bench      time NiT-XL-shaped forwards and sampling steps on this machine",
            "  models     list, download, install and verify models",
            "  train      fine-tune NiT on your images (LoRA, new classes); train step | export",
            "  classes    find the ImageNet class for a text",
            "  diagnostics  engine, devices, CUDA, natives and models folders, memory",
            "  engine     status | install | use FOLDER | reset: the PyTorch library (CPU or CUDA GPU)",
            "  selftest   golden checks and a short benchmark on a device (--device D)",
            "  help       this text");

    private Main() {
    }

    public static void main(String[] args) {
        java.util.Optional<String> broken = LibraryFolder.problem(Main.class);
        if (broken.isPresent()) {
            System.err.println("nit: error: " + broken.get());
            System.exit(1);
        }
        // the engine stays offline unless the user opts in; 'models' downloads only what it is asked
        // to (and follows the user's own offline setting), so it runs before the default is set
        boolean modelsOnly = args.length > 0 && (args[0].equals("models") || args[0].equals("classes"));
        if (!modelsOnly) {
            try {
                EngineSetup.offlineByDefault();
            } catch (IllegalArgumentException e) { // a thread setting that is not a number: said before libtorch loads
                System.err.println("nit: error: " + e.getMessage());
                System.exit(2);
            }
        }
        System.exit(run(args, System.out, System.err));
    }

    static final String DIAGNOSTICS_HELP = String.join("\n",
            "usage: java -jar nit-cli.jar diagnostics",
            "",
            "Loads the PyTorch engine and prints what NiT found: versions, devices, CUDA, threads, the engine",
            "choice, the natives and models folders and memory, ready to paste into a bug report.",
            "",
            "  -h, --help   Show this help.");

    private static int diagnostics(String[] args, PrintStream out) throws UsageException {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                out.println(DIAGNOSTICS_HELP);
                return 0;
            }
        }
        if (args.length > 1) {
            throw new UsageException("diagnostics takes no options, got '" + args[1] + "' (see diagnostics --help)");
        }
        io.github.nitfiji.selftest.Diagnostics.report().forEach(out::println);
        return 0;
    }

    /** Runs a command and returns its exit code; never exits the JVM (tests call this). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ActiveFrontDoor.set(CommandLineDoor.INSTANCE);
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(HELP);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "generate":
                    return GenerateCommand.run(args, out, err);
                case "batch":
                    return BatchCommand.run(args, out, err);
                case "bench":
                    return BenchCommand.run(args, out, err);
                case "models":
                    return ModelsCommand.run(args, out, err);
                case "train":
                    return TrainCommand.run(args, out, err);
                case "classes":
                    return ClassesCommand.run(args, out, err);
                case "engine":
                    return EngineCommand.run(args, out, err);
                case "selftest":
                    return SelfTestCommand.run(args, out, err);
                case "diagnostics":
                    return diagnostics(args, out);
                case "version":
                case "--version":
                    out.println(Version.get());
                    return 0;
                default:
                    throw new UsageException("unknown command '" + args[0] + "' (commands: generate, batch, bench, models, "
                            + "train, classes, diagnostics, engine, selftest, help)");
            }
        } catch (io.github.nitfiji.model.ModelConfigException e) {
            // a config file that does not parse is a bad file, not a bad command line
            err.println("nit: error: " + UserText.message(e.getMessage()));
            return 1;
        } catch (InvalidPathException e) {
            // a path from a file or a record that this Java cannot name (the locale's encoding)
            err.println("nit: error: the path '" + UserText.shown(e.getInput()) + "' " + PathNames.problem(e.getInput()));
            return 2;
        } catch (UsageException | IllegalArgumentException e) {
            err.println("nit: error: " + UserText.message(e.getMessage()));
            return 2;
        } catch (CancellationException e) {
            err.println("nit: cancelled");
            return 130;
        } catch (IOException | ModelException e) {
            err.println("nit: error: " + UserText.message(e.getMessage()));
            return 1;
        } catch (Exception | OutOfMemoryError e) {
            // the message is for people; the exception's class name only for NIT_DEBUG
            String message = e.getMessage() != null ? e.getMessage() : "internal failure (" + e.getClass().getSimpleName() + ")";
            err.println("nit: error: " + UserText.message(message)
                    + (System.getenv("NIT_DEBUG") == null ? " (set NIT_DEBUG=1 for details)" : ""));
            if (System.getenv("NIT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }
}
