package io.github.nitfiji.catalog;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes a model's files available in the models folder: downloads them ({@link HttpTransfer}:
 * resumable, https only unless the card allows http, stall timeout) or copies files fetched by
 * other means, and installs each only after it checks out against its card
 * ({@link Installation}: size, SHA-256 from the card or the server, otherwise the tensors the
 * card's architecture needs). The verified hash is recorded in {@code <target>.sha256}.
 *
 * <p>Offline mode ({@code -Dai.djl.offline=true} or {@code DJL_OFFLINE=true}, the switches the
 * rest of the plugin already honours) and unreachable hosts give an error that lists each URL
 * and the exact path to save it to, so the files can be fetched by other means.
 *
 * <p>A gated card ({@link ModelCard#gate()}) is downloaded with the Hugging Face token given to
 * {@link #token}; it goes only to {@value #HUGGING_FACE}, never to the host a download redirects
 * to. Without a token nothing is fetched and the error says how to get one.
 *
 * <p>Settings are changed with the fluent setters before use; an instance is not meant to be
 * shared between threads.
 */
public final class ModelDownloader {
    /** The only origin an access token is ever sent to. */
    static final String HUGGING_FACE = "https://huggingface.co";

    private final ModelStore store;
    private final DownloadMessages messages;
    private final HttpTransfer transfer = new HttpTransfer().userAgent(userAgent());
    private boolean offline = offlineByEnvironment();
    private AccessToken token;
    private String tokenAdvice = "set the environment variable " + AccessToken.ENV + " to it";
    private String tokenOrigin = HUGGING_FACE;

    public ModelDownloader(ModelStore store) {
        this.store = store;
        this.messages = new DownloadMessages(store);
    }

    /** Overrides the offline switch read from the environment. */
    public ModelDownloader offline(boolean offline) {
        this.offline = offline;
        return this;
    }

    /** The Hugging Face token for gated cards (null: none); used only by this downloader, never stored. */
    public ModelDownloader token(AccessToken token) {
        this.token = token;
        return this;
    }

    /** How this front door takes a token, for messages, e.g. "set the environment variable HF_TOKEN to it". */
    public ModelDownloader tokenAdvice(String advice) {
        this.tokenAdvice = advice;
        return this;
    }

    /** Points the token at a test server instead of {@value #HUGGING_FACE}. */
    ModelDownloader tokenOrigin(String origin) {
        this.tokenOrigin = origin;
        return this;
    }

    /**
     * True when {@link #download} would need a token this downloader lacks: the card is gated and
     * a file is missing (or the wrong size). A front door can then ask for one first.
     */
    public boolean needsToken(ModelCard card) {
        if (card.gate().isEmpty() || token != null) {
            return false;
        }
        for (ModelFile f : card.files()) {
            if (!f.isBundled() && store.status(card, f, false).state() != ModelFileStatus.State.INSTALLED) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses, before anything is fetched, a gated card this downloader has no token for (see
     * {@link #needsToken}), with the steps that grant access. A front door checks every card of a
     * request first, so a long download is not followed by a refusal.
     */
    public void checkAccess(ModelCard card) throws ModelException {
        if (needsToken(card)) {
            throw messages.gated(card, card.gate().orElseThrow(), "no Hugging Face token was given, so nothing was"
                    + " downloaded", tokenAdvice, null);
        }
    }

    /** How many times a transfer is tried (resuming each time) before giving up; at least 1. */
    public ModelDownloader attempts(int maxAttempts) {
        transfer.attempts(maxAttempts);
        return this;
    }

    /** Pause before retry n is n times this. */
    public ModelDownloader retryDelay(Duration delay) {
        transfer.retryDelay(delay);
        return this;
    }

    public ModelDownloader timeouts(Duration connect, Duration read) {
        transfer.timeouts(connect, read);
        return this;
    }

    /** A connection that moves less than 64 KiB in this window is dropped and resumed. */
    public ModelDownloader stallWindow(Duration window) {
        transfer.stallWindow(window);
        return this;
    }

    /** True when {@code ai.djl.offline} or {@code DJL_OFFLINE} is "true" in this JVM. */
    public static boolean offlineByEnvironment() {
        return offlineBy(System::getProperty, System::getenv);
    }

    static boolean offlineBy(Function<String, String> properties, Function<String, String> environment) {
        return "true".equalsIgnoreCase(trim(properties.apply("ai.djl.offline")))
                || "true".equalsIgnoreCase(trim(environment.apply("DJL_OFFLINE")));
    }

    /**
     * Makes every file of a card available, downloading what is missing or corrupt. Files already
     * installed are kept (after a size and hash check). Bundled files need no download.
     *
     * @return the installed paths, in card order
     */
    public List<Path> download(ModelCard card, DownloadListener listener) throws ModelException {
        List<ModelFile> needed = new ArrayList<>();
        for (ModelFile f : card.files()) {
            if (!f.isBundled() && !isInstalled(card, f, listener)) {
                needed.add(f);
            }
        }
        if (!needed.isEmpty() && offline) {
            throw new ModelException(ModelException.Reason.OFFLINE, messages.offline(card, needed));
        }
        if (!needed.isEmpty()) {
            checkAccess(card);
        }
        List<Path> paths = new ArrayList<>();
        for (ModelFile f : card.files()) {
            paths.add(needed.contains(f) ? fetch(card, f, listener) : store.path(card, f));
        }
        return paths;
    }

    /**
     * Installs files downloaded by other means. {@code source} is either one file (matched to the
     * card's file of the same name, or to the weights when unambiguous) or a folder holding the
     * card's files by name. Each file is copied through a {@code .part} and checked like a download.
     */
    public List<Path> installFromFile(ModelCard card, Path source, DownloadListener listener) throws ModelException {
        if (card.isBundled()) {
            throw new ModelException(ModelException.Reason.IO, "model '" + card.id()
                    + "' ships inside the plugin; there is nothing to install");
        }
        if (!Files.exists(source)) {
            throw new ModelException(ModelException.Reason.IO, "cannot install '" + card.id() + "': " + source
                    + " does not exist");
        }
        List<Path> installed = new ArrayList<>();
        if (Files.isDirectory(source)) {
            for (ModelFile f : card.files()) {
                Path candidate = source.resolve(f.path());
                if (!Files.isRegularFile(candidate)) {
                    candidate = source.resolve(f.fileName());
                }
                if (Files.isRegularFile(candidate)) {
                    installed.add(installOne(card, f, candidate, listener));
                } else if (f.isWeights()) {
                    throw new ModelException(ModelException.Reason.IO, "cannot install '" + card.id() + "': folder "
                            + source + " has no " + f.fileName());
                } else {
                    listener.message("folder " + source + " has no " + f.fileName() + "; it is still missing");
                }
            }
            return installed;
        }
        installed.add(installOne(card, pickFile(card, source), source, listener));
        return installed;
    }

    /** Lines telling a person what to download by hand, and where to put it. */
    public String manualInstructions(ModelCard card) {
        List<ModelFile> files = new ArrayList<>();
        for (ModelFile f : card.files()) {
            if (!f.isBundled()) {
                files.add(f);
            }
        }
        return messages.manualInstructions(card, files);
    }

    private boolean isInstalled(ModelCard card, ModelFile file, DownloadListener listener) {
        Path target = store.target(card, file);
        if (!Files.isRegularFile(target)) {
            return false;
        }
        listener.verifying(file, target);
        ModelFileStatus status = store.status(card, file, true);
        if (status.state() == ModelFileStatus.State.INSTALLED) {
            listener.message(file.path() + " is already installed (" + status.detail() + ")");
            return true;
        }
        listener.message("the installed " + target + " is corrupt (" + status.detail() + "); downloading it again");
        return false;
    }

    private Path fetch(ModelCard card, ModelFile file, DownloadListener listener) throws ModelException {
        String url = file.url().orElseThrow();
        Path target = store.target(card, file);
        Path part = ModelStore.partFile(target);
        HttpTransfer.Result result;
        AccessToken sent = card.gate().isPresent() ? token : null;
        boolean folderExisted = Files.isDirectory(target.getParent());
        try {
            result = transfer.allowHttp(file.allowsHttp()).token(sent, tokenOrigin).fetch(url, part, file.size().orElse(-1L),
                    new HttpTransfer.Listener() {
                        @Override
                        public void started(String from, long startAt, long total) {
                            listener.started(file, from, target, startAt, total);
                        }

                        @Override
                        public void progress(long done, long total) {
                            listener.progress(file, done, total);
                        }

                        @Override
                        public void message(String text) {
                            listener.message(text);
                        }
                    });
        } catch (TransferException e) {
            if (!folderExisted) {
                removeIfEmpty(target.getParent());
            }
            throw messages.failed(card, file, e, sent != null, tokenAdvice);
        }
        String expected = file.sha256().orElse(null);
        String shaSource = "model card " + card.source();
        String serverSha = result.serverSha256.orElse(null);
        if (expected == null && serverSha != null) {
            expected = serverSha;
            shaSource = "the server (" + URI.create(url).getHost() + ")";
        } else if (expected != null && serverSha != null && !expected.equals(serverSha)) {
            listener.message("the server states sha256 " + serverSha + " but the card says " + expected
                    + "; checking against the card");
        }
        Installation.commit(card, file, part, target, result.sha256, expected, shaSource, url, listener);
        return target;
    }

    private Path installOne(ModelCard card, ModelFile file, Path source, DownloadListener listener) throws ModelException {
        Path target = store.target(card, file);
        Installation.checkSource(card, source, target, store.frontDoor());
        long size = ModelStore.sizeOf(source);
        if (file.size().isPresent() && size != file.size().get()) {
            throw new ModelException(ModelException.Reason.CORRUPT, source + " is " + size + " bytes but model card "
                    + card.source() + " expects " + file.size().get() + " for " + file.path()
                    + " (incomplete download, or a different file?). Nothing was installed.");
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (java.io.IOException e) {
            throw new ModelException(ModelException.Reason.IO, "cannot create the model folder " + target.getParent()
                    + ": " + e.getMessage(), e);
        }
        String sha = Installation.copyIn(card, file, source, target, listener);
        Installation.commit(card, file, ModelStore.partFile(target), target, sha, file.sha256().orElse(null),
                "model card " + card.source(), source.toString(), listener);
        return target;
    }

    private static ModelFile pickFile(ModelCard card, Path source) throws ModelException {
        String name = source.getFileName().toString();
        List<ModelFile> candidates = new ArrayList<>();
        for (ModelFile f : card.files()) {
            if (!f.isBundled() && f.fileName().equals(name)) {
                return f;
            }
            if (!f.isBundled()) {
                candidates.add(f);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (name.endsWith(".safetensors") || name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth")) {
            return card.weightsFile(); // a weights format; the content check tells whether it is this model's
        }
        StringBuilder names = new StringBuilder();
        for (ModelFile f : candidates) {
            names.append(names.length() == 0 ? "" : ", ").append(f.fileName());
        }
        throw new ModelException(ModelException.Reason.IO, "cannot tell which file of model '" + card.id() + "' "
                + source + " is; name it as one of: " + names + " (or pass the folder that holds them)");
    }

    /** A refused first download leaves no empty model folder behind. */
    private static void removeIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (java.io.IOException e) {
            // not empty (a partial download to resume) or not ours to remove: keep it
        }
    }

    private static String userAgent() {
        String version = Optional.ofNullable(ModelDownloader.class.getPackage().getImplementationVersion()).orElse("dev");
        return "nit-fiji/" + version + " (model downloader; Java " + System.getProperty("java.version") + ")";
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
