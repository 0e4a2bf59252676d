package io.github.nitfiji.catalog;

import java.io.IOException;

/**
 * Why a download ({@link HttpTransfer}) failed, in words that name the URL and the partial file,
 * with a {@link Kind} so a caller can add its own advice (a model card's manual instructions, a
 * libtorch mirror) without parsing text.
 */
public final class TransferException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The host is unknown or did not answer. */
        UNREACHABLE,
        /** The server answered with an HTTP error; see {@link #httpStatus()}. */
        HTTP_STATUS,
        /** The URL, or a redirect, uses a scheme a download may not use (plain http, file:, ftp:, jar:). */
        REFUSED_URL,
        /** The connection broke, stalled or was closed early; the partial file is kept for a resume. */
        BROKEN,
        /** The server sent more bytes than expected. */
        TOO_LONG,
        /** The disk is full, or would be; the partial file is kept. */
        DISK_FULL,
        /** The partial file cannot be written. */
        WRITE,
        /** The complete file has the wrong size or hash; it was deleted. */
        MISMATCH,
        /** The thread was interrupted; the partial file is kept. */
        CANCELLED
    }

    private final Kind kind;
    private final int httpStatus;

    TransferException(Kind kind, String message) {
        this(kind, 0, message, null);
    }

    TransferException(Kind kind, String message, Throwable cause) {
        this(kind, 0, message, cause);
    }

    TransferException(Kind kind, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status for {@link Kind#HTTP_STATUS}, else 0. */
    public int httpStatus() {
        return httpStatus;
    }
}
