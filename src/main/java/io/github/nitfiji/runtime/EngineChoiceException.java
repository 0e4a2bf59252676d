package io.github.nitfiji.runtime;

/**
 * An engine command refused or failed; the message says why and what to do, and nothing was left
 * half-changed.
 */
public final class EngineChoiceException extends Exception {
    private static final long serialVersionUID = 1L;

    public EngineChoiceException(String message) {
        super(message);
    }

    public EngineChoiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
