package io.github.nitfiji.pipeline;

/**
 * A setting that cannot run as given. The message starts with the setting's name as the front
 * door that received it spells it ({@code images} in a macro, {@code --images} on the command
 * line) and says what is accepted; the wording is the same behind every front door.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final Setting setting;

    /** @param message the whole message, starting with the setting's name */
    InvalidSettingException(Setting setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The setting at fault. */
    public Setting setting() {
        return setting;
    }
}
