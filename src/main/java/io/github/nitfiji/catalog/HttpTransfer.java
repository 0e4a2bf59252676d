package io.github.nitfiji.catalog;

import io.github.nitfiji.io.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches one URL into a partial file, resumably: an interrupted transfer resumes from the part
 * with an HTTP Range request (and starts over if the server ignores Range), a failed attempt is
 * retried with growing pauses, and a connection that stalls (less than 64 KiB in the stall
 * window, or no byte within the read timeout) is dropped and resumed. Knows nothing about model
 * cards: any URL, an optional expected size and hash, a target path ({@link #download}).
 *
 * <p>Settings are changed with the fluent setters before use; not meant to be shared between threads.
 */
public final class HttpTransfer {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes\\s+\\*/(\\d+)");

    /** Receives transfer events; every method has an empty default. */
    public interface Listener {
        /** An attempt begins at byte {@code startAt} of {@code total} (-1 when unknown). */
        default void started(String url, long startAt, long total) {
        }

        default void progress(long done, long total) {
        }

        /** A notice worth showing: a retry, a restart. */
        default void message(String text) {
        }
    }

    /** A complete part file: its size and SHA-256, and the hash the server stated, if any. */
    public static final class Result {
        public final long size;
        public final String sha256;
        public final Optional<String> serverSha256;

        Result(long size, String sha256, String serverSha256) {
            this.size = size;
            this.sha256 = sha256;
            this.serverSha256 = Optional.ofNullable(serverSha256);
        }
    }

    private int maxAttempts = 5;
    private Duration retryDelay = Duration.ofSeconds(2);
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration stallWindow = Duration.ofSeconds(120);
    private boolean allowHttp;
    private AccessToken token;
    private String tokenOrigin;
    private String userAgent = "nit-fiji (Java " + System.getProperty("java.version") + ")";

    /** How many times a transfer is tried (resuming each time) before giving up; at least 1. */
    public HttpTransfer attempts(int maxAttempts) {
        this.maxAttempts = Math.max(1, maxAttempts);
        return this;
    }

    /** Pause before retry n is n times this. */
    public HttpTransfer retryDelay(Duration delay) {
        this.retryDelay = delay;
        return this;
    }

    public HttpTransfer timeouts(Duration connect, Duration read) {
        this.connectTimeout = connect;
        this.readTimeout = read;
        return this;
    }

    /** A connection that moves less than 64 KiB in this window is dropped and resumed. */
    public HttpTransfer stallWindow(Duration window) {
        this.stallWindow = window;
        return this;
    }

    /** Allows plain http URLs (never a redirect from https to http). */
    public HttpTransfer allowHttp(boolean allow) {
        this.allowHttp = allow;
        return this;
    }

    /**
     * Sends {@code token} (null: none) as a bearer token, but only to {@code origin} (an URL whose
     * scheme, host and port count; e.g. "https://huggingface.co"), never to a host it redirects to.
     */
    public HttpTransfer token(AccessToken token, String origin) throws TransferException {
        this.token = token;
        this.tokenOrigin = token == null ? null : HttpSource.origin(HttpSource.checkedUrl(origin, null, true));
        return this;
    }

    public HttpTransfer userAgent(String agent) {
        this.userAgent = agent;
        return this;
    }

    /**
     * Downloads {@code url} to {@code target} through {@code <target>.part} and renames it into
     * place only when size and hash match (each check skipped when its value is unknown: -1, null).
     */
    public Result download(String url, Path target, long expectedSize, String expectedSha256, Listener listener)
            throws TransferException {
        Path part = ModelStore.partFile(target);
        Result result = fetch(url, part, expectedSize, listener);
        String problem = expectedSize >= 0 && result.size != expectedSize
                ? url + " gave " + result.size + " bytes, expected " + expectedSize
                : expectedSha256 != null && !expectedSha256.equalsIgnoreCase(result.sha256)
                ? url + " has sha256 " + result.sha256 + ", expected " + expectedSha256 : null;
        try {
            if (problem != null) {
                Files.deleteIfExists(part);
                throw new TransferException(TransferException.Kind.MISMATCH, problem + "; the download was deleted");
            }
            ModelStore.moveIntoPlace(part, target);
        } catch (TransferException e) {
            throw e;
        } catch (IOException e) {
            throw new TransferException(TransferException.Kind.WRITE, "cannot move " + part + " to " + target + ": "
                    + e.getMessage(), e);
        }
        return result;
    }

    /**
     * Fetches {@code url} into {@code part} (resuming what is there) until it is complete.
     *
     * @param expectedSize the size the file must have, or -1; a larger part starts over, a longer body is refused
     */
    public Result fetch(String url, Path part, long expectedSize, Listener listener) throws TransferException {
        try {
            Files.createDirectories(part.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw writeError(part, e);
        }
        HttpSource http = new HttpSource((int) connectTimeout.toMillis(), (int) readTimeout.toMillis(), userAgent,
                allowHttp, token, tokenOrigin);
        State state = new State();
        for (int attempt = 1; ; attempt++) {
            try {
                attempt(url, part, expectedSize, http, state, listener);
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
        if (state.hashed != size) {
            rehash(state, part);
        }
        return new Result(size, Sha256.hex(state.digest.digest()), state.serverSha);
    }

    /** Where the bytes of an attempt sequence stand; survives retries so resumes need no re-hash. */
    private static final class State {
        MessageDigest digest = Sha256.newDigest();
        long hashed;
        long total = -1;
        String serverSha;
    }

    /** A failure worth another attempt; {@code giveUp} is thrown when attempts run out. */
    private static final class Retry extends Exception {
        private static final long serialVersionUID = 1L;
        final TransferException giveUp;

        Retry(TransferException giveUp) {
            super(giveUp.getMessage(), giveUp);
            this.giveUp = giveUp;
        }
    }

    /** One attempt: request from the part's current size, append the body, return when complete. */
    private void attempt(String url, Path part, long expectedSize, HttpSource http, State state, Listener listener)
            throws TransferException, Retry {
        long have = Files.isRegularFile(part) ? ModelStore.sizeOf(part) : 0;
        if (expectedSize >= 0 && have > expectedSize) {
            deleteQuietly(part);
            have = 0;
        }
        HttpSource.Response response;
        try {
            response = http.get(url, have);
        } catch (TransferException e) {
            throw e;
        } catch (UnknownHostException e) {
            throw new TransferException(TransferException.Kind.UNREACHABLE, "cannot reach " + host(url)
                    + " (unknown host " + e.getMessage() + ")", e);
        } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
            throw new Retry(new TransferException(TransferException.Kind.UNREACHABLE, "cannot reach " + host(url)
                    + " (" + e.getMessage() + ")", e));
        } catch (javax.net.ssl.SSLException e) {
            if (!isTlsTrustFailure(e)) {
                throw new Retry(new TransferException(TransferException.Kind.BROKEN, "the secure connection to "
                        + host(url) + " broke (" + IoErrors.reason(e) + ")", e));
            }
            // a certificate this Java does not trust stays untrusted: trying again only wastes time
            throw new TransferException(TransferException.Kind.UNREACHABLE, "the https connection to " + host(url)
                    + " was refused: its certificate is not trusted by this Java (" + IoErrors.reason(e) + "). This"
                    + " does not go away by trying again: check the computer's date and time, and whether a proxy or"
                    + " antivirus program intercepts https (then give Java its certificate: -Djavax.net.ssl.trustStore"
                    + "=...)", e);
        } catch (IOException e) {
            throw new Retry(new TransferException(TransferException.Kind.BROKEN, "request to " + url + " failed: "
                    + e.getMessage(), e));
        }
        try (response) {
            int code = response.code;
            for (var headers : response.headerChain) {
                ServerDigests.sha256(headers, code == 200).ifPresent(sha -> state.serverSha = sha);
            }
            boolean append;
            if (code == 200) {
                if (have > 0) {
                    listener.message("the server ignored the resume request (HTTP 200 instead of 206); starting over");
                }
                append = false;
                state.total = response.contentLength();
            } else if (code == 206) {
                Matcher m = CONTENT_RANGE.matcher(String.valueOf(response.header("Content-Range")));
                if (!m.find() || Long.parseLong(m.group(1)) != have) {
                    deleteQuietly(part);
                    throw new Retry(new TransferException(TransferException.Kind.BROKEN, "the server resumed " + url
                            + " at the wrong place (Content-Range: " + response.header("Content-Range")
                            + ", wanted byte " + have + ")"));
                }
                append = true;
                state.total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            } else if (code == 416 && have > 0) {
                Matcher m = UNSATISFIED_RANGE.matcher(String.valueOf(response.header("Content-Range")));
                long total = m.find() ? Long.parseLong(m.group(1)) : expectedSize;
                if (total == have) {
                    state.total = total;
                    return; // The part already holds the whole file.
                }
                deleteQuietly(part);
                throw new Retry(new TransferException(TransferException.Kind.BROKEN, "the server refused to resume "
                        + url + " at byte " + have + " (HTTP 416); starting over"));
            } else {
                String where = response.url.toString().equals(url) ? "" : " (redirected to " + response.url + ")";
                TransferException error = new TransferException(TransferException.Kind.HTTP_STATUS, code,
                        "HTTP " + code + " for " + url + where, null);
                if (code == 408 || code == 429 || code >= 500) {
                    throw new Retry(error);
                }
                throw error;
            }
            if (!append) {
                have = 0;
                state.digest = Sha256.newDigest();
                state.hashed = 0;
            } else if (state.hashed != have) {
                rehash(state, part);
            }
            if (expectedSize >= 0 && state.total > expectedSize) {
                throw new TransferException(TransferException.Kind.TOO_LONG, url + " is " + state.total
                        + " bytes, more than the expected " + expectedSize + " (a different file?)");
            }
            String shortfall = Space.shortfall(part, state.total < 0 ? -1 : state.total - have);
            if (shortfall != null) {
                throw new TransferException(TransferException.Kind.DISK_FULL, shortfall);
            }
            listener.started(url, have, state.total);
            have = copyBody(response, part, append, have, expectedSize >= 0 ? expectedSize : state.total, state,
                    listener);
        }
        if (state.total >= 0 && have < state.total) {
            throw new Retry(new TransferException(TransferException.Kind.BROKEN, "the connection closed after "
                    + ByteSizes.format(have) + " of " + ByteSizes.format(state.total) + " of " + url
                    + "; run the command again to resume from " + part));
        }
    }

    private long copyBody(HttpSource.Response response, Path part, boolean append, long have, long limit, State state,
                          Listener listener) throws TransferException, Retry {
        InputStream body;
        try {
            body = response.body();
        } catch (IOException e) {
            throw new Retry(new TransferException(TransferException.Kind.BROKEN, "cannot read " + response.url + ": "
                    + e.getMessage(), e));
        }
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long start = have;
        try (InputStream in = body;
             FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            return HashingCopy.copy(in, out, state.digest, have, limit, stallWindow, done -> {
                state.hashed = done;
                listener.progress(done, state.total);
            });
        } catch (HashingCopy.Cancelled e) {
            throw new TransferException(TransferException.Kind.CANCELLED, "download cancelled; the partial file "
                    + part + " is kept, run the download again to resume", e);
        } catch (HashingCopy.TooLong e) {
            deleteQuietly(part);
            throw new TransferException(TransferException.Kind.TOO_LONG, response.url + ": " + e.getMessage()
                    + " (a different file?); the partial file was deleted", e);
        } catch (HashingCopy.ReadFailed | HashingCopy.Stalled e) {
            throw new Retry(new TransferException(TransferException.Kind.BROKEN, "the connection "
                    + (e instanceof HashingCopy.Stalled ? "stalled (" : "broke (") + e.getMessage() + ") after "
                    + ByteSizes.format(state.hashed - start) + " of this attempt; run the command again to resume"
                    + " from " + part, e));
        } catch (IOException e) {
            throw writeError(part, e);
        }
    }

    static TransferException writeError(Path part, IOException e) {
        if (io.github.nitfiji.io.IoErrors.isDiskFull(e)) {
            return new TransferException(TransferException.Kind.DISK_FULL, "no space left on the disk while writing "
                    + part + "; free some space and run the command again, the download resumes where it stopped", e);
        }
        return new TransferException(TransferException.Kind.WRITE, "cannot write " + part + ": " + e.getMessage(), e);
    }

    private static void rehash(State state, Path part) throws TransferException {
        state.digest = Sha256.newDigest();
        state.hashed = 0;
        if (!Files.isRegularFile(part)) {
            return;
        }
        try {
            Sha256.update(state.digest, part, null);
            state.hashed = Files.size(part);
        } catch (IOException e) {
            throw new TransferException(TransferException.Kind.WRITE, "cannot read the partial download " + part
                    + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis, Path part) throws TransferException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(TransferException.Kind.CANCELLED, "download cancelled; the partial file "
                    + part + " is kept, run the download again to resume");
        }
    }

    /** A certificate or handshake that cannot succeed as things stand (not a connection that broke). */
    static boolean isTlsTrustFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException
                    || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof javax.net.ssl.SSLPeerUnverifiedException
                    || t.getClass().getName().endsWith("CertPathBuilderException")) {
                return true;
            }
        }
        return e instanceof javax.net.ssl.SSLHandshakeException && !(e.getCause() instanceof java.io.EOFException)
                && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("cert");
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // The next write truncates it anyway.
        }
    }
}
