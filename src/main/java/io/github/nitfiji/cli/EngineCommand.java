package io.github.nitfiji.cli;

import io.github.nitfiji.catalog.engine.EngineChoiceException;
import io.github.nitfiji.pipeline.EngineControl;
import java.io.PrintStream;
import java.nio.file.Paths;

/** {@code nit engine status | install | use FOLDER | reset}: which PyTorch library (CPU or CUDA) NiT loads. */
final class EngineCommand {
    static final String HELP = String.join("\n",
            "usage: java -jar nit-cli.jar engine status | install | use FOLDER | reset",
            "",
            "  status       this machine, its NVIDIA driver, the PyTorch library in use and at the next start,",
            "               and the one thing to do next",
            "  install      download DJL's CUDA 12.8 build of libtorch 2.7.1 (Linux/Windows x86-64, NVIDIA",
            "               driver for CUDA 12) and use it from the next start; resumes if interrupted",
            "  use FOLDER   use an existing libtorch 2.7.1 (pytorch.org's libtorch archive or a torch wheel's",
            "               torch/lib folder; CUDA 12.8 or CPU), checked first",
            "  reset        forget the choice: the bundled CPU library again");

    private EngineCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        String action = args.length > 1 ? args[1] : "status";
        try {
            switch (action) {
                case "status":
                    EngineControl.status().forEach(out::println);
                    return 0;
                case "install":
                    out.println(EngineControl.install(TextProgressBar.forStream(out)));
                    return 0;
                case "use":
                    if (args.length != 3) {
                        throw new UsageException("engine use needs one FOLDER (see engine --help)");
                    }
                    out.println(EngineControl.use(Paths.get(args[2])));
                    return 0;
                case "reset":
                    out.println(EngineControl.reset());
                    return 0;
                case "--help":
                case "help":
                    out.println(HELP);
                    return 0;
                default:
                    throw new UsageException("unknown engine action '" + action + "' (status, install, use FOLDER, reset)");
            }
        } catch (EngineChoiceException e) {
            err.println("nit: error: " + e.getMessage());
            return 1;
        }
    }
}
