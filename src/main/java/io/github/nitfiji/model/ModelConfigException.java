package io.github.nitfiji.model;

/** An architecture config that cannot describe a model we run: names the source and the field. */
public final class ModelConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ModelConfigException(String message) {
        super(message);
    }

    public ModelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
