package io.github.nitfiji.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a model's files into the models folder, safely: bytes go to {@code <target>.part},
 * an interrupted transfer resumes from the part with an HTTP Range request (and starts over if
 * the server ignores Range), and the part is renamed onto the target only after its size and
 * SHA-256 check out. The hash comes from the card, else from the server's headers (see
 * {@link ServerDigests}); the verified hash is recorded in {@code <target>.sha256}.
 *
 * <p>Offline mode ({@code -Dai.djl.offline=true} or {@code DJL_OFFLINE=true}, the switches the
 * rest of the plugin already honours) and unreachable hosts give an error that lists each URL
 * and the exact path to save it to, so the files can be fetched by other means.
 *
 * <p>Settings are changed with the fluent setters before use; an instance is not meant to be
 * shared between threads.
 */
public final class ModelDownloader {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes\\s+\\*/(\\d+)");
    private static final int BUFFER = 256 * 1024;

    private final ModelStore store;
    private boolean offline = offlineByEnvironment();
    private int maxAttempts = 5;
    private Duration retryDelay = Duration.ofSeconds(2);
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration readTimeout = Duration.ofSeconds(60);

    public ModelDownloader(ModelStore store) {
        this.store = store;
    }

    /** Overrides the offline switch read from the environment. */
    public ModelDownloader offline(boolean offline) {
        this.offline = offline;
        return this;
    }

    /** How many times a transfer is tried (resuming each time) before giving up; at least 1. */
    public ModelDownloader attempts(int maxAttempts) {
        this.maxAttempts = Math.max(1, maxAttempts);
        return this;
    }

    /** Pause before retry n is n times this. */
    public ModelDownloader retryDelay(Duration delay) {
        this.retryDelay = delay;
        return this;
    }

    public ModelDownloader timeouts(Duration connect, Duration read) {
        this.connectTimeout = connect;
        this.readTimeout = read;
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
            throw new ModelException(ModelException.Reason.OFFLINE, "offline mode is on (ai.djl.offline=true or "
                    + "DJL_OFFLINE=true), so nothing was downloaded.\n" + manualInstructions(card, needed));
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
     * card's files by name. Each file is copied through a {@code .part} and verified like a download.
     */
    public List<Path> installFromFile(ModelCard card, Path source, DownloadListener listener) throws ModelException {
        if (card.isBundled()) {
            throw new ModelException(ModelException.Reason.IO, "model '" + card.id()
                    + "' ships inside the plugin; there is nothing to install");
        }
        if (!Files.exists(source)) {
            throw new ModelException(ModelException.Reason.IO, "cannot install '" + card.id() + "': " + source + " does not exist");
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
        return manualInstructions(card, files);
    }

    private String manualInstructions(ModelCard card, List<ModelFile> files) {
        StringBuilder sb = new StringBuilder("To install model '").append(card.id()).append("' by hand, download:\n");
        for (ModelFile f : files) {
            sb.append("  ").append(f.url().orElse("(no URL)")).append("\n    and save it as ")
                    .append(store.target(card, f)).append('\n');
        }
        sb.append("then check it with: " + ModelStore.CLI + " models verify ").append(card.id())
                .append("\n(or save it anywhere and run: " + ModelStore.CLI + " models install ").append(card.id()).append(" <file>)");
        return sb.toString();
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

    /** Where the bytes of an attempt sequence stand; survives retries so resumes need no re-hash. */
    private static final class Progress {
        MessageDigest digest = Sha256.newDigest();
        long hashed;
        long total = -1;
        String serverSha;
    }

    /** A failure worth another attempt; {@code giveUp} is thrown when attempts run out. */
    private static final class Retry extends Exception {
        private static final long serialVersionUID = 1L;
        final ModelException giveUp;

        Retry(ModelException giveUp) {
            super(giveUp.getMessage(), giveUp);
            this.giveUp = giveUp;
        }
    }

    private Path fetch(ModelCard card, ModelFile file, DownloadListener listener) throws ModelException {
        String url = file.url().orElseThrow();
        Path target = store.target(card, file);
        Path part = ModelStore.partFile(target);
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new ModelException(Installation.isDiskFull(e) ? ModelException.Reason.DISK_FULL : ModelException.Reason.IO,
                    "cannot create the model folder " + target.getParent() + ": " + e.getMessage(), e);
        }
        HttpSource http = new HttpSource((int) connectTimeout.toMillis(), (int) readTimeout.toMillis(), userAgent());
        Progress progress = new Progress();
        for (int attempt = 1; ; attempt++) {
            try {
                transfer(card, file, url, part, http, progress, listener);
                break;
            } catch (Retry retry) {
                if (attempt >= maxAttempts) {
                    throw retry.giveUp;
                }
                long delay = retryDelay.toMillis() * attempt;
                listener.message(retry.getMessage() + "; retrying in " + delay / 1000.0 + " s (attempt "
                        + (attempt + 1) + " of " + maxAttempts + ")");
                sleep(delay, part);
            }
        }
        long size = ModelStore.sizeOf(part);
        if (progress.hashed != size) {
            rehash(progress, part);
        }
        String actual = Sha256.hex(progress.digest.digest());
        String expected = file.sha256().orElse(null);
        String shaSource = "model card " + card.source();
        if (expected == null && progress.serverSha != null) {
            expected = progress.serverSha;
            shaSource = "the server (" + URI.create(url).getHost() + ")";
        } else if (expected != null && progress.serverSha != null && !expected.equals(progress.serverSha)) {
            listener.message("the server states sha256 " + progress.serverSha + " but the card says " + expected
                    + "; checking against the card");
        }
        Installation.commit(card, file, part, target, actual, expected, shaSource, url, listener);
        return target;
    }

    /** One attempt: request from the part's current size, append the body, return when complete. */
    private void transfer(ModelCard card, ModelFile file, String url, Path part, HttpSource http, Progress progress,
                          DownloadListener listener) throws ModelException, Retry {
        long have = Files.isRegularFile(part) ? ModelStore.sizeOf(part) : 0;
        if (file.size().isPresent() && have > file.size().get()) {
            deleteQuietly(part);
            have = 0;
        }
        HttpSource.Response response;
        try {
            response = http.get(url, have);
        } catch (UnknownHostException e) {
            throw unreachable(card, url, "unknown host " + e.getMessage());
        } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
            throw new Retry(unreachable(card, url, e.getMessage()));
        } catch (IOException e) {
            throw new Retry(new ModelException(ModelException.Reason.IO, "request to " + url + " failed: " + e, e));
        }
        try (response) {
            int code = response.code;
            for (var headers : response.headerChain) {
                ServerDigests.sha256(headers, code == 200).ifPresent(sha -> progress.serverSha = sha);
            }
            boolean append;
            if (code == 200) {
                if (have > 0) {
                    listener.message("the server ignored the resume request (HTTP 200 instead of 206); starting over");
                }
                append = false;
                progress.total = response.contentLength();
            } else if (code == 206) {
                Matcher m = CONTENT_RANGE.matcher(String.valueOf(response.header("Content-Range")));
                if (!m.find() || Long.parseLong(m.group(1)) != have) {
                    deleteQuietly(part);
                    throw new Retry(new ModelException(ModelException.Reason.HTTP_ERROR, "the server resumed " + url
                            + " at the wrong place (Content-Range: " + response.header("Content-Range") + ", wanted byte "
                            + have + ")"));
                }
                append = true;
                progress.total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            } else if (code == 416 && have > 0) {
                Matcher m = UNSATISFIED_RANGE.matcher(String.valueOf(response.header("Content-Range")));
                long total = m.find() ? Long.parseLong(m.group(1)) : file.size().orElse(-1L);
                if (total == have) {
                    progress.total = total;
                    return; // The part already holds the whole file.
                }
                deleteQuietly(part);
                throw new Retry(new ModelException(ModelException.Reason.HTTP_ERROR, "the server refused to resume "
                        + url + " at byte " + have + " (HTTP 416); starting over"));
            } else {
                throw httpError(card, file, url, code, response);
            }
            if (!append) {
                have = 0;
                progress.digest = Sha256.newDigest();
                progress.hashed = 0;
            } else if (progress.hashed != have) {
                rehash(progress, part);
            }
            checkSpace(part, have, progress.total);
            listener.started(file, url, store.target(card, file), have, progress.total);
            have = copyBody(response, part, append, have, progress, file, listener);
        }
        if (progress.total >= 0 && have < progress.total) {
            throw new Retry(new ModelException(ModelException.Reason.IO, "the connection closed after "
                    + ByteSizes.format(have) + " of " + ByteSizes.format(progress.total) + " of " + url
                    + "; run the command again to resume from " + part));
        }
    }

    private long copyBody(HttpSource.Response response, Path part, boolean append, long have, Progress progress,
                          ModelFile file, DownloadListener listener) throws ModelException, Retry {
        byte[] buffer = new byte[BUFFER];
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            InputStream in;
            try {
                in = response.body();
            } catch (IOException e) {
                throw new Retry(new ModelException(ModelException.Reason.IO, "cannot read " + response.url + ": " + e, e));
            }
            try (in) {
                while (true) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new ModelException(ModelException.Reason.CANCELLED, "download cancelled after "
                                + ByteSizes.format(have) + "; the partial file " + part + " is kept, run the download "
                                + "again to resume");
                    }
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        throw new Retry(new ModelException(ModelException.Reason.IO, "the connection broke after "
                                + ByteSizes.format(have) + " of " + ByteSizes.format(progress.total) + " (" + e.getMessage()
                                + "); run the command again to resume from " + part, e));
                    }
                    if (n < 0) {
                        return have;
                    }
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    progress.digest.update(buffer, 0, n);
                    have += n;
                    progress.hashed = have;
                    listener.progress(file, have, progress.total);
                }
            }
        } catch (IOException e) {
            throw writeError(part, e);
        }
    }

    private Path installOne(ModelCard card, ModelFile file, Path source, DownloadListener listener) throws ModelException {
        Path target = store.target(card, file);
        long size = ModelStore.sizeOf(source);
        if (file.size().isPresent() && size != file.size().get()) {
            throw new ModelException(ModelException.Reason.CORRUPT, source + " is " + size + " bytes but model card "
                    + card.source() + " expects " + file.size().get() + " for " + file.path()
                    + " (incomplete download, or a different file?). Nothing was installed.");
        }
        Path part = ModelStore.partFile(target);
        MessageDigest digest = Sha256.newDigest();
        try {
            Files.createDirectories(target.getParent());
            listener.started(file, source.toString(), target, 0, size);
            byte[] buffer = new byte[BUFFER];
            long done = 0;
            try (InputStream in = Files.newInputStream(source);
                 FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    digest.update(buffer, 0, n);
                    done += n;
                    listener.progress(file, done, size);
                }
            }
        } catch (IOException e) {
            deleteQuietly(part);
            throw writeError(part, e);
        }
        String expected = file.sha256().orElse(null);
        Installation.commit(card, file, part, target, Sha256.hex(digest.digest()), expected,
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
        if (name.endsWith(".safetensors")) {
            return card.weightsFile();
        }
        StringBuilder names = new StringBuilder();
        for (ModelFile f : candidates) {
            names.append(names.length() == 0 ? "" : ", ").append(f.fileName());
        }
        throw new ModelException(ModelException.Reason.IO, "cannot tell which file of model '" + card.id() + "' "
                + source + " is; name it as one of: " + names + " (or pass the folder that holds them)");
    }

    private ModelException unreachable(ModelCard card, String url, String detail) {
        return new ModelException(ModelException.Reason.OFFLINE, "cannot reach " + URI.create(url).getHost() + " ("
                + detail + "). Check the network connection or proxy settings (-Dhttps.proxyHost=...).\n"
                + manualInstructions(card));
    }

    private ModelException httpError(ModelCard card, ModelFile file, String url, int code, HttpSource.Response response)
            throws Retry {
        String what = "HTTP " + code + " for " + url + (response.url.toString().equals(url) ? "" : " (redirected to "
                + response.url + ")");
        Path target = store.target(card, file);
        if (code == 404 || code == 410) {
            return new ModelException(ModelException.Reason.HTTP_ERROR, what + ": the file is not (or no longer) at this "
                    + "address. Check the model page for a new location, then download it by hand, save it as " + target
                    + " and run: " + ModelStore.CLI + " models verify " + card.id() + " (or fix the URL in the card " + card.source() + ")");
        }
        if (code == 401 || code == 403) {
            return new ModelException(ModelException.Reason.HTTP_ERROR, what + ": access denied. The model may need a "
                    + "login or licence acceptance on its web page; download it in a browser, then run: " + ModelStore.CLI + " models install "
                    + card.id() + " <downloaded file>");
        }
        ModelException error = new ModelException(ModelException.Reason.HTTP_ERROR, what + ": the server failed; try "
                + "again later, or download the file by hand and save it as " + target);
        if (code == 408 || code == 429 || code >= 500) {
            throw new Retry(error);
        }
        return error;
    }

    private static ModelException writeError(Path part, IOException e) {
        if (Installation.isDiskFull(e)) {
            return new ModelException(ModelException.Reason.DISK_FULL, "no space left on the disk while writing " + part
                    + ". Free some space (or choose another models folder with -D" + ModelsFolder.PROPERTY + " or "
                    + ModelsFolder.ENV + ") and run the command again; the download resumes where it stopped.", e);
        }
        return new ModelException(ModelException.Reason.IO, "cannot write " + part + ": " + e, e);
    }

    /** Refuses early when the remaining bytes clearly will not fit, instead of failing at 99 %. */
    private static void checkSpace(Path part, long have, long total) throws ModelException {
        if (total < 0) {
            return;
        }
        try {
            long free = Files.getFileStore(part.getParent()).getUsableSpace();
            long needed = total - have;
            if (free < needed) {
                throw new ModelException(ModelException.Reason.DISK_FULL, "not enough disk space for " + part
                        + ": it needs " + ByteSizes.format(needed) + " more, " + ByteSizes.format(free) + " is free. Free "
                        + "some space or choose another models folder with -D" + ModelsFolder.PROPERTY + " or "
                        + ModelsFolder.ENV + ".");
            }
        } catch (IOException e) {
            // Cannot tell; the write itself will report a full disk.
        }
    }

    private static void rehash(Progress progress, Path part) throws ModelException {
        progress.digest = Sha256.newDigest();
        progress.hashed = 0;
        if (!Files.isRegularFile(part)) {
            return;
        }
        try {
            Sha256.update(progress.digest, part, null);
            progress.hashed = Files.size(part);
        } catch (IOException e) {
            throw new ModelException(ModelException.Reason.IO, "cannot read the partial download " + part + ": " + e, e);
        }
    }

    private static void sleep(long millis, Path part) throws ModelException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ModelException.Reason.CANCELLED, "download cancelled; the partial file " + part
                    + " is kept, run the download again to resume");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // The next write truncates it anyway.
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
