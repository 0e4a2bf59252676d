package io.github.nitfiji.catalog;

import java.nio.file.Path;

/**
 * Receives download and install events, so Fiji can drive its progress bar and the CLI can draw
 * a text bar. Every method has an empty default; implement only what you show. Calls come from
 * the downloading thread, about every 256 KiB; throttle drawing yourself if needed.
 */
public interface DownloadListener {
    /** Ignores everything. */
    DownloadListener NONE = new DownloadListener() {
    };

    /**
     * A transfer (or a retry of it) begins.
     *
     * @param startAt bytes already on disk from an earlier attempt (resume), else 0
     * @param total   total size in bytes, or -1 if the server did not say
     */
    default void started(ModelFile file, String source, Path target, long startAt, long total) {
    }

    /** {@code done} of {@code total} bytes are on disk ({@code total} is -1 when unknown). */
    default void progress(ModelFile file, long done, long total) {
    }

    /** The transfer is complete and its size and SHA-256 are being checked. */
    default void verifying(ModelFile file, Path path) {
    }

    /** A notice worth showing: a retry, a restart, a missing hash, ... */
    default void message(String text) {
    }

    /** The file is verified and in place. */
    default void finished(ModelFile file, Path target, String sha256) {
    }
}
