package io.github.nitfiji.io;

/**
 * A JSON config or card that is not what its reader needs: the message names the source (a file,
 * or a file's metadata entry), the field and the problem, e.g.
 * {@code models/x.json: field 'config.depth': expected an integer, got "28"}.
 */
public final class JsonFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JsonFormatException(String message) {
        super(message);
    }

    public JsonFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
