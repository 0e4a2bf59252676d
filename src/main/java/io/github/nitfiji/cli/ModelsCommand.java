package io.github.nitfiji.cli;

import io.github.nitfiji.catalog.AccessToken;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelDownloader;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelFileStatus;
import io.github.nitfiji.catalog.ModelListing;
import io.github.nitfiji.catalog.ModelStatus;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.catalog.ModelsFolder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code models list|download|install|verify}, parsed by picocli. Exit codes: 0 ok, 1 failure
 * (message on err), 2 usage error (one-line reason on err).
 */
@Command(name = "models", sortOptions = false, usageHelpAutoWidth = false,
        description = "List, download, install and verify models.",
        synopsisSubcommandLabel = "(list | download ID | install ID FILE | verify [ID])",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.DownloadCommand.class, ModelsCommand.InstallCommand.class,
            ModelsCommand.VerifyCommand.class},
        footer = {"", "Without --models-dir: -Dnit.models.dir, then $NIT_MODELS_DIR, then <Fiji.app>/models/nit "
                + "inside Fiji, then ~/.nit/models.",
            "Offline mode (-Dai.djl.offline=true or DJL_OFFLINE=true) never downloads; download prints the URLs and "
                + "the exact paths to save them to instead."})
public final class ModelsCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;
    @Option(names = "--models-dir", paramLabel = "DIR", scope = ScopeType.INHERIT, description = "Use DIR as the "
            + "models folder.")
    Path modelsDir;

    private final PrintStream out;
    private final PrintStream err;

    private ModelsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Usage problem: exit code 2 with a one-line reason. */
    private static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /**
     * Runs the command.
     *
     * @param args the words after {@code models} (a leading "models" is accepted and skipped)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String[] words = Picocli.after("models", args);
        try {
            return Picocli.run(new ModelsCommand(out, err), words, out, reason -> usage(err, reason));
        } catch (UsageError e) {
            return usage(err, e.getMessage());
        } catch (ModelException e) {
            if (e.reason() == ModelException.Reason.UNKNOWN_MODEL) {
                err.println("models: " + e.getMessage());
                return 2;
            }
            err.println("nit: error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            err.println("nit: error: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String reason) {
        err.println("models: " + reason + " (see models --help)");
        return 2;
    }

    @Override
    public Integer call() throws UsageError {
        throw new UsageError("missing subcommand: list, download, install or verify");
    }

    ModelStore store() throws ModelException {
        return ModelStore.open(modelsDir != null ? ModelsFolder.at(modelsDir, "--models-dir") : ModelsFolder.resolve());
    }

    @Command(name = "list", description = "Show every known model, its state (bundled, installed, partial, missing, "
            + "corrupt) and size; with --verify also check SHA-256 hashes (slow for GB files).")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;
        @Option(names = "--verify", description = "Also check SHA-256 hashes (slow for GB files).")
        boolean verify;

        @Override
        public Integer call() throws ModelException {
            return list(parent.store(), verify, parent.out, parent.err);
        }
    }

    @Command(name = "download", description = "Download model ID into the models folder, resuming an interrupted "
            + "download and checking size and SHA-256. A generating model also fetches its DC-AE decoder unless "
            + "--no-decoder is given, and a text-to-image model its text encoder. A gated model (gemma-3-1b-it) "
            + "needs a Hugging Face read token in the environment variable HF_TOKEN.")
    static final class DownloadCommand implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;
        @Parameters(paramLabel = "ID", description = "the model id (see list)")
        String id;
        @Option(names = "--no-decoder", description = "Do not download the model's decoder.")
        boolean noDecoder;

        @Override
        public Integer call() throws ModelException {
            return download(parent.store(), id, !noDecoder, parent.out, parent.err);
        }
    }

    @Command(name = "install", description = "Install a file (or a folder of files) you downloaded yourself, after "
            + "checking it like a download. The file is copied, not moved.")
    static final class InstallCommand implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;
        @Parameters(index = "0", paramLabel = "ID", description = "the model id")
        String id;
        @Parameters(index = "1", paramLabel = "FILE", description = "the downloaded file or folder")
        Path file;

        @Override
        public Integer call() throws ModelException {
            return install(parent.store(), id, file, parent.out);
        }
    }

    @Command(name = "verify", description = "Check size and SHA-256 of model ID, or of every installed model.")
    static final class VerifyCommand implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;
        @Parameters(arity = "0..1", paramLabel = "ID", description = "the model id (default: every installed one)")
        String id;

        @Override
        public Integer call() throws ModelException {
            return verifyModels(parent.store(), id, parent.out, parent.err);
        }
    }

    private static int list(ModelStore store, boolean verify, PrintStream out, PrintStream err) {
        out.println("Models folder: " + store.folder().root() + "  (" + store.folder().origin() + ")");
        List<ModelStatus> statuses = store.statusAll(verify);
        List<String> table = ModelListing.table(statuses);
        out.println(table.get(0));
        for (int i = 0; i < statuses.size(); i++) {
            out.println(table.get(i + 1));
            for (ModelFileStatus f : statuses.get(i).files()) {
                if (f.state() == ModelFileStatus.State.CORRUPT || f.state() == ModelFileStatus.State.PARTIAL || verify) {
                    out.println("    " + f.file().path() + ": " + f.detail());
                }
            }
        }
        for (String w : store.catalog().warnings()) {
            err.println("warning: " + w);
        }
        return 0;
    }

    private static int download(ModelStore store, String id, boolean withDecoder, PrintStream out, PrintStream err)
            throws ModelException {
        ModelCard card = store.catalog().require(id);
        List<ModelCard> cards = new ArrayList<>(store.catalog().withCompanions(card));
        if (!withDecoder && card.kind().generates()) {
            cards.remove(store.catalog().decoderFor(card));
        }
        ModelDownloader downloader = new ModelDownloader(store).token(AccessToken.fromEnvironment().orElse(null));
        for (ModelCard c : cards) {
            downloader.checkAccess(c); // a missing token is said before anything is downloaded
        }
        TextProgressBar bar = TextProgressBar.forStream(out);
        boolean offline = false;
        for (ModelCard c : cards) {
            if (c.isBundled()) {
                out.println(c.id() + ": ships inside the plugin, nothing to download ("
                        + store.path(c, c.weightsFile()) + ")");
                continue;
            }
            out.println(c.id() + ": " + c.displayName());
            try {
                List<Path> paths = downloader.download(c, bar);
                out.println(c.id() + ": ready (" + paths.get(c.files().indexOf(c.weightsFile())) + ")");
            } catch (ModelException e) {
                if (e.reason() != ModelException.Reason.OFFLINE) {
                    throw e;
                }
                // Keep going so the manual instructions cover the decoder too.
                err.println("nit: error: " + e.getMessage());
                offline = true;
            }
        }
        return offline ? 1 : 0;
    }

    private static int install(ModelStore store, String id, Path source, PrintStream out) throws ModelException {
        ModelCard card = store.catalog().require(id);
        List<Path> paths = new ModelDownloader(store).installFromFile(card, source, TextProgressBar.forStream(out));
        out.println(card.id() + ": installed " + paths.size() + " file(s)");
        return 0;
    }

    private static int verifyModels(ModelStore store, String id, PrintStream out, PrintStream err) throws ModelException {
        List<ModelCard> cards = id == null ? store.catalog().cards() : List.of(store.catalog().require(id));
        boolean failed = false;
        int skipped = 0;
        for (ModelCard c : cards) {
            ModelStatus quick = store.status(c, false);
            if (id == null && quick.state() == ModelFileStatus.State.MISSING) {
                skipped++; // Verifying "everything" means everything that is there.
                continue;
            }
            out.println("verifying " + c.id() + "...");
            ModelStatus s = store.status(c, true);
            for (ModelFileStatus f : s.files()) {
                out.println(String.format(Locale.ROOT, "  %-9s %s: %s", f.state().name().toLowerCase(Locale.ROOT),
                        f.file().path(), f.detail()));
            }
            if (!s.isUsable()) {
                failed = true;
                err.println(c.id() + ": " + s.state().name().toLowerCase(Locale.ROOT)
                        + (s.state() == ModelFileStatus.State.CORRUPT ? "; download it again with: java -jar nit-cli.jar models download " + c.id()
                                                                       : "; get it with: java -jar nit-cli.jar models download " + c.id()));
            }
        }
        if (skipped > 0) {
            out.println(skipped + " model(s) not installed, not checked (see: models list)");
        }
        for (String w : store.catalog().warnings()) {
            err.println("warning: " + w);
        }
        return failed ? 1 : 0;
    }
}
