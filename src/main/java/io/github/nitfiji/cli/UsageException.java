package io.github.nitfiji.cli;

/** A command line that cannot be run as written; reported in one line with exit code 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
