package io.github.nitfiji.model.script;

/** A generated TorchScript module that the engine would not load (the caller falls back to eager). */
public final class ScriptLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScriptLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
