package io.github.nitfiji.cli;

import io.github.nitfiji.catalog.ByteSizes;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelDownloader;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelFileStatus;
import io.github.nitfiji.catalog.ModelStatus;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.catalog.ModelsFolder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code models list|download|install|verify}: see {@link #HELP}. Exit codes: 0 ok,
 * 1 failure (message on err), 2 usage error (one-line reason on err).
 */
public final class ModelsCommand {
    static final String HELP = String.join("\n",
            "Usage: java -jar nit-cli.jar models <subcommand> [options]",
            "",
            "Subcommands:",
            "  list [--verify]        Show every known model, its state (bundled, installed, partial,",
            "                         missing, corrupt) and size. --verify also checks SHA-256 hashes (slow for GB files).",
            "  download ID            Download model ID into the models folder, resuming an interrupted",
            "                         download and checking size and SHA-256. A NiT model also fetches its",
            "                         DC-AE decoder unless --no-decoder is given.",
            "  install ID FILE        Install a file (or a folder of files) you downloaded yourself, after",
            "                         checking it like a download. The file is copied, not moved.",
            "  verify [ID]            Check size and SHA-256 of model ID, or of every installed model.",
            "",
            "Options:",
            "  --models-dir DIR       Use DIR as the models folder. Without it: -Dnit.models.dir, then",
            "                         $NIT_MODELS_DIR, then <Fiji.app>/models/nit inside Fiji, then ~/.nit/models.",
            "  --verify               (list) Hash every present file.",
            "  --no-decoder           (download) Do not download the NiT model's decoder.",
            "  -h, --help             Show this help.",
            "",
            "Offline mode (-Dai.djl.offline=true or DJL_OFFLINE=true) never downloads; download prints the",
            "URLs and the exact paths to save them to instead.");

    private ModelsCommand() {
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
        List<String> positional = new ArrayList<>();
        Path modelsDir = null;
        boolean verify = false;
        boolean noDecoder = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i == 0 && a.equals("models")) {
                    continue;
                }
                if (a.equals("-h") || a.equals("--help")) {
                    out.println(HELP);
                    return 0;
                } else if (a.equals("--models-dir") || a.startsWith("--models-dir=")) {
                    String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (++i < args.length ? args[i] : null);
                    if (v == null || v.isBlank()) {
                        throw new UsageError("--models-dir needs a folder");
                    }
                    modelsDir = Paths.get(v);
                } else if (a.equals("--verify")) {
                    verify = true;
                } else if (a.equals("--no-decoder")) {
                    noDecoder = true;
                } else if (a.startsWith("-") && a.length() > 1) {
                    throw new UsageError("unknown option " + a);
                } else {
                    positional.add(a);
                }
            }
            if (positional.isEmpty()) {
                throw new UsageError("missing subcommand: list, download, install or verify");
            }
            String sub = positional.get(0);
            List<String> rest = positional.subList(1, positional.size());
            ModelsFolder folder = modelsDir != null ? ModelsFolder.at(modelsDir, "--models-dir") : ModelsFolder.resolve();
            switch (sub) {
                case "list":
                    expect(rest, 0, 0, "list takes no arguments");
                    return list(ModelStore.open(folder), verify, out, err);
                case "download":
                    expect(rest, 1, 1, "download needs exactly one model id");
                    return download(ModelStore.open(folder), rest.get(0), !noDecoder, out, err);
                case "install":
                    expect(rest, 2, 2, "install needs a model id and a file or folder");
                    return install(ModelStore.open(folder), rest.get(0), Paths.get(rest.get(1)), out);
                case "verify":
                    expect(rest, 0, 1, "verify takes at most one model id");
                    return verifyModels(ModelStore.open(folder), rest.isEmpty() ? null : rest.get(0), out, err);
                default:
                    throw new UsageError("unknown subcommand '" + sub + "' (expected list, download, install or verify)");
            }
        } catch (UsageError e) {
            err.println("models: " + e.getMessage() + " (see models --help)");
            return 2;
        } catch (ModelException e) {
            if (e.reason() == ModelException.Reason.UNKNOWN_MODEL) {
                err.println("models: " + e.getMessage());
                return 2;
            }
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static void expect(List<String> rest, int min, int max, String message) throws UsageError {
        if (rest.size() < min || rest.size() > max) {
            throw new UsageError(message);
        }
    }

    private static int list(ModelStore store, boolean verify, PrintStream out, PrintStream err) {
        out.println("Models folder: " + store.folder().root() + "  (" + store.folder().origin() + ")");
        out.println(String.format(Locale.ROOT, "%-24s %-6s %-10s %-10s %s", "ID", "KIND", "STATE", "SIZE", "NAME"));
        for (ModelStatus s : store.statusAll(verify)) {
            ModelCard c = s.card();
            long size = c.approximateSize();
            boolean exact = c.files().stream().allMatch(f -> f.size().isPresent());
            out.println(String.format(Locale.ROOT, "%-24s %-6s %-10s %-10s %s", c.id(), c.kind().jsonName(),
                    s.state().name().toLowerCase(Locale.ROOT), (exact || size < 0 ? "" : "~") + ByteSizes.format(size),
                    c.displayName()));
            for (ModelFileStatus f : s.files()) {
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
        List<ModelCard> cards = new ArrayList<>(List.of(card));
        if (withDecoder && card.kind().generates()) {
            cards.add(store.catalog().decoderFor(card));
        }
        ModelDownloader downloader = new ModelDownloader(store);
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
                err.println("error: " + e.getMessage());
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
        return failed ? 1 : 0;
    }
}
