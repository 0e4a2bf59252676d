package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.github.nitfiji.catalog.AccessGate;
import io.github.nitfiji.catalog.AccessToken;
import io.github.nitfiji.catalog.ByteSizes;
import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelDownloader;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelFile;
import io.github.nitfiji.catalog.ModelFileStatus;
import io.github.nitfiji.catalog.ModelListing;
import io.github.nitfiji.catalog.ModelStatus;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.FijiDoor;
import io.github.nitfiji.fiji.MacroOptions;
import io.github.nitfiji.runtime.EngineSetup;
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
 * Plugins > NiT > NiT Models...: every model with its state and size, and which are ready. Actions:
 * list (the default: nothing is fetched unless asked), download (a model with its decoder and text
 * encoder, after the dialog confirmed the size; resumable, with the progress bar; Esc stops and
 * keeps the partial file; a gated model asks for a Hugging Face token unless HF_TOKEN is set),
 * install from a local file or folder, and verify (SHA-256). Errors go to the Log as well, titled
 * "NiT Models". Macro keys:
 * {@code action=list|download|install|verify model=ID file=PATH} (never a token).
 */
public class NiT_Models implements PlugIn {
    static final String TITLE = "NiT Models";
    static final String[] ACTIONS = {"list", "download", "install", "verify"};

    @Override
    public void run(String arg) {
        try {
            ModelStore store = ModelStore.openDefault().frontDoor(FijiDoor.INSTANCE);
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
        List<ModelStatus> statuses = store.statusAll(false);
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addMessage(wrapped("Models folder: " + store.folder()));
        gd.addMessage(String.join("\n", ModelListing.table(statuses)),
                new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.PLAIN, 12));
        gd.addMessage(wrapped(ModelListing.summary(statuses)));
        gd.addChoice("Action", ACTIONS, "list");
        gd.addChoice("Model", ids.toArray(new String[0]), ids.get(0));
        gd.addFileField("File (install)", "");
        gd.addMessage("list: this table in the Log. download: a model with its decoder (and text encoder), at the size"
                + " shown; Esc stops it\nand the next download resumes. Gated models (gemma-3-1b-it) ask for a Hugging"
                + " Face token, which is never stored.\ninstall: a file you downloaded yourself. verify: SHA-256 of the"
                + " installed files.");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        return new String[] {gd.getNextChoice(), gd.getNextChoice(), gd.getNextString()};
    }

    /** A message at most as wide as the model table, so the dialog fits the screen whatever is installed. */
    private static String wrapped(String message) {
        return String.join("\n", WrappedText.lines(message, 110));
    }

    private static void download(ModelStore store, ModelCard card) throws ModelException {
        List<ModelCard> cards = store.catalog().withCompanions(card);
        if (Macro.getOptions() == null && !confirm(store, cards)) {
            return;
        }
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

    /** In the dialog's world, a download of gigabytes is confirmed first, with what it fetches and where. */
    private static boolean confirm(ModelStore store, List<ModelCard> cards) {
        StringBuilder what = new StringBuilder();
        for (ModelCard c : cards) {
            if (!c.isBundled() && !store.status(c, false).isUsable()) {
                what.append("\n  ").append(c.id()).append(": ").append(ModelListing.size(c)).append(" (")
                        .append(c.displayName()).append(')');
            }
        }
        if (what.length() == 0) {
            return true;
        }
        return IJ.showMessageWithCancel(TITLE, "Download into " + store.folder() + ":" + what
                + "\nEsc stops the download; the next one resumes it.");
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
        List<ModelStatus> statuses = store.statusAll(false);
        ModelListing.table(statuses).forEach(IJ::log);
        IJ.log(ModelListing.summary(statuses));
        for (ModelStatus s : statuses) {
            for (ModelFileStatus f : s.files()) {
                if (f.state() == ModelFileStatus.State.CORRUPT || f.state() == ModelFileStatus.State.PARTIAL) {
                    IJ.log("  " + s.card().id() + " " + f.file().path() + ": " + f.detail());
                }
            }
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
