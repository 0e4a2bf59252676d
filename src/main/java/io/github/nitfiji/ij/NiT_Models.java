package io.github.nitfiji.ij;

import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.MacroOptions;
import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.github.nitfiji.catalog.AccessGate;
import io.github.nitfiji.catalog.AccessToken;
import io.github.nitfiji.catalog.ByteSizes;
import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCommands;
import io.github.nitfiji.catalog.ModelDownloader;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelFile;
import io.github.nitfiji.catalog.ModelFileStatus;
import io.github.nitfiji.catalog.ModelStatus;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.pipeline.EngineSetup;
import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.swing.JOptionPane;
import javax.swing.JPasswordField;

/**
 * Plugins > NiT > NiT Models...: the installed models with their state, and the actions list,
 * download (a model with its decoder and text encoder, resumable, with the progress bar; Esc stops
 * and keeps the partial file; a gated model asks for a Hugging Face token unless HF_TOKEN is set),
 * install from a local file or folder, and verify (SHA-256). Macro keys:
 * {@code action=list|download|install|verify model=ID file=PATH} (never a token).
 */
public class NiT_Models implements PlugIn {
    static final String TITLE = "NiT Models";
    static final String[] ACTIONS = {"list", "download", "install", "verify"};

    @Override
    public void run(String arg) {
        try {
            ModelStore store = ModelStore.openDefault().commands(ModelCommands.FIJI);
            String[] chosen = choose(store);
            if (chosen == null) {
                return;
            }
            String action = chosen[0];
            ModelCard card = store.catalog().require(chosen[1]);
            switch (action) {
                case "download":
                    download(store, card);
                    break;
                case "install":
                    install(store, card, chosen[2]);
                    break;
                case "verify":
                    report(store.status(card, true));
                    break;
                default:
                    logAll(store);
            }
        } catch (ModelException | IllegalArgumentException e) {
            CommandFailure.report(TITLE, ErrorMessages.describe(e));
        } finally {
            IJ.showProgress(1.0);
        }
    }

    /** {action, model id, file} from macro options or the dialog; null when cancelled. */
    private static String[] choose(ModelStore store) {
        String options = Macro.getOptions();
        List<String> ids = new ArrayList<>();
        store.catalog().cards().forEach(c -> ids.add(c.id()));
        if (options != null) {
            for (String key : MacroOptions.keys(options)) {
                if (!List.of("action", "model", "file").contains(key)) {
                    throw new IllegalArgumentException("unknown option " + key + "; \"NiT Models...\" takes action, "
                            + "model, file");
                }
            }
            String action = Macro.getValue(options, "action", "list").toLowerCase(Locale.ROOT);
            if (!List.of(ACTIONS).contains(action)) {
                throw new IllegalArgumentException("action=" + action + " is unknown; use " + String.join(", ", ACTIONS));
            }
            return new String[] {action, Macro.getValue(options, "model", ids.get(0)), Macro.getValue(options, "file", "")};
        }
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addMessage("Models folder: " + store.folder());
        StringBuilder table = new StringBuilder();
        for (ModelStatus s : store.statusAll(false)) {
            table.append(String.format(Locale.ROOT, "%-24s %-10s %s%n", s.card().id(),
                    s.state().name().toLowerCase(Locale.ROOT), s.card().displayName()));
        }
        gd.addMessage(table.toString(), new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.PLAIN, 12));
        gd.addChoice("Action", ACTIONS, "download");
        gd.addChoice("Model", ids.toArray(new String[0]), ids.get(0));
        gd.addFileField("File (install)", "");
        gd.addMessage("Download fetches a model with its decoder (and text encoder); Esc stops it and the next download"
                + " resumes.\nGated models (gemma-3-1b-it) ask for a Hugging Face token, which is never stored.");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        return new String[] {gd.getNextChoice(), gd.getNextChoice(), gd.getNextString()};
    }

    private static void download(ModelStore store, ModelCard card) throws ModelException {
        List<ModelCard> cards = store.catalog().withCompanions(card);
        // Offline mode is on by default for the engine's own downloads; an explicit model download
        // is the user's request, so only the user's own offline setting stops it.
        ModelDownloader downloader = new ModelDownloader(store).offline(EngineSetup.userChoseOffline())
                .tokenAdvice("enter it when NiT Models asks for it (or set the environment variable "
                        + AccessToken.ENV + " before starting Fiji)");
        for (ModelCard c : cards) {
            if (downloader.needsToken(c)) {
                Optional<AccessToken> token = AccessToken.fromEnvironment();
                downloader.token(token.isPresent() ? token.get() : askForToken(c).orElse(null));
            }
            downloader.checkAccess(c); // a missing token is said before anything is downloaded
        }
        for (ModelCard c : cards) {
            if (c.isBundled()) {
                IJ.log("NiT: " + c.id() + " ships inside the plugin, nothing to download");
                continue;
            }
            IJ.log("NiT: downloading " + c.id() + " (" + c.displayName() + ") into " + store.folder());
            List<Path> paths = downloader.download(c, new ProgressBar(c));
            IJ.log("NiT: " + c.id() + " ready: " + paths);
        }
        IJ.showStatus("NiT: " + card.id() + " is ready");
    }

    /**
     * Asks for a Hugging Face token in a password field. A Swing dialog rather than a
     * GenericDialog: the Macro Recorder never sees it, and a macro cannot answer it from its
     * options, so the token is typed each time and stored nowhere. Empty when cancelled or headless.
     */
    private static Optional<AccessToken> askForToken(ModelCard card) throws ModelException {
        AccessGate gate = card.gate().orElseThrow();
        if (GraphicsEnvironment.isHeadless()) {
            return Optional.empty();
        }
        JPasswordField field = new JPasswordField(40);
        Object[] content = {"<html>" + card.displayName() + " is gated: Hugging Face serves it only to accounts that"
                + " accepted " + gate.terms() + " on<br>" + gate.page() + "<br>Paste a Hugging Face read token (from"
                + " https://huggingface.co/settings/tokens). It is used for this download only and stored nowhere.</html>",
            field};
        int answer = JOptionPane.showConfirmDialog(IJ.getInstance(), content, TITLE + ": Hugging Face token",
                JOptionPane.OK_CANCEL_OPTION, JOptionPane.PLAIN_MESSAGE);
        char[] typed = field.getPassword();
        try {
            return answer == JOptionPane.OK_OPTION ? AccessToken.of(new String(typed)) : Optional.empty();
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    private static void install(ModelStore store, ModelCard card, String file) throws ModelException {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("install needs file=PATH (the downloaded file, or a folder of them). "
                    + new ModelDownloader(store).manualInstructions(card));
        }
        List<Path> paths = new ModelDownloader(store).installFromFile(card, Paths.get(file.trim()), new ProgressBar(card));
        IJ.log("NiT: installed " + card.id() + ": " + paths);
        IJ.showStatus("NiT: " + card.id() + " is installed");
    }

    private static void logAll(ModelStore store) {
        IJ.log("NiT models folder: " + store.folder());
        for (ModelStatus s : store.statusAll(false)) {
            report(s);
        }
    }

    private static void report(ModelStatus status) {
        IJ.log(status.card().id() + ": " + status.state().name().toLowerCase(Locale.ROOT) + " (" + status.card().displayName() + ")");
        for (ModelFileStatus f : status.files()) {
            IJ.log("  " + f.file().path() + ": " + f.detail());
        }
    }

    /** Download events on the progress bar and status line; Esc interrupts (the part file is kept). */
    private static final class ProgressBar implements DownloadListener {
        private final ModelCard card;

        ProgressBar(ModelCard card) {
            this.card = card;
        }

        @Override
        public void progress(ModelFile file, long done, long total) {
            if (total > 0) {
                IJ.showProgress((double) done / total);
            }
            IJ.showStatus("NiT: " + card.id() + " " + file.fileName() + ": " + ByteSizes.format(done)
                    + (total > 0 ? " of " + ByteSizes.format(total) : "") + " (Esc stops)");
            if (IJ.escapePressed()) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void verifying(ModelFile file, Path path) {
            IJ.showStatus("NiT: checking SHA-256 of " + file.fileName());
        }

        @Override
        public void message(String text) {
            IJ.log("NiT: " + text);
        }
    }
}
