package io.github.nitfiji.catalog;

/**
 * Everything that can go wrong while finding, downloading, installing or verifying a model.
 * The message is written for the person at the keyboard: it says what happened, where, and what
 * to do next; {@link #reason()} lets callers (the CLI, the Fiji dialog) react without parsing text.
 */
public class ModelException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Reason {
        /** A model card is malformed; the message names the card file and the field. */
        INVALID_CARD,
        /** No card has the requested id. */
        UNKNOWN_MODEL,
        /** The model's files are not on disk yet. */
        NOT_INSTALLED,
        /** Offline mode is on, or the server could not be reached; the message lists URLs and targets. */
        OFFLINE,
        /**
         * A gated model: no access token was given, or the server refused the one given; the
         * message says how to accept the licence and pass a token. A front door may ask for a
         * token and try again.
         */
        GATED,
        /** The server answered with an HTTP error (404, 403, 500, ...). */
        HTTP_ERROR,
        /** A file has the wrong size or SHA-256; it was not installed. */
        CORRUPT,
        /** The disk is full (or would be); the partial download is kept for a later resume. */
        DISK_FULL,
        /** The thread was interrupted; the partial download is kept for a later resume. */
        CANCELLED,
        /** Any other input/output failure. */
        IO
    }

    private final Reason reason;

    public ModelException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ModelException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
