package io.github.nitfiji.runtime;

import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.HttpTransfer;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelFile;
import io.github.nitfiji.catalog.TransferException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The engine installer's downloads, through the project's one transfer ({@link HttpTransfer}:
 * resume through {@code .part} files, retries, stall window, https rules, cancel by interrupt),
 * reporting bytes to the listener as model downloads do, so the 2 GB install shows its progress.
 * DJL publishes no hashes for its libtorch files; the installer checks each gzip's CRC and length.
 */
final class LibraryDownloads {
    private final Path root;
    private final String folderId;
    private final int attempts;
    private final Duration retryDelay;

    /**
     * @param root     the staging folder; files land in {@code <root>/<folderId>/<name>}
     * @param folderId lower-case letters, digits, '.', '_' or '-'
     */
    LibraryDownloads(Path root, String folderId, int attempts, Duration retryDelay) {
        this.root = root;
        this.folderId = folderId;
        this.attempts = attempts;
        this.retryDelay = retryDelay;
    }

    /** Where {@link #fetch} puts a file. */
    Path target(String name) {
        return root.resolve(folderId).resolve(name);
    }

    /** Downloads (or resumes, or keeps a complete earlier download of) one file. */
    Path fetch(String url, String name, DownloadListener listener) throws ModelException {
        Path target = target(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        // DJL's own server is https; plain http is accepted only from this machine (a local mirror),
        // where nothing on the network can alter the file in transit
        HttpTransfer transfer = new HttpTransfer().attempts(attempts).retryDelay(retryDelay).allowHttp(isLoopback(url));
        try {
            ModelFile file = ModelFile.outsideCard(name, url);
            transfer.download(url, target, -1, null, new HttpTransfer.Listener() {
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
            throw new ModelException(reason(e.kind()), e.getMessage(), e);
        }
        return target;
    }

    private static ModelException.Reason reason(TransferException.Kind kind) {
        switch (kind) {
            case UNREACHABLE:
                return ModelException.Reason.OFFLINE;
            case HTTP_STATUS:
                return ModelException.Reason.HTTP_ERROR;
            case MISMATCH:
            case BROKEN:
            case TOO_LONG:
                return ModelException.Reason.CORRUPT;
            case DISK_FULL:
                return ModelException.Reason.DISK_FULL;
            case CANCELLED:
                return ModelException.Reason.CANCELLED;
            default:
                return ModelException.Reason.IO;
        }
    }

    private static boolean isLoopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && (host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }
}
