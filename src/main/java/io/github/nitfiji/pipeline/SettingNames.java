package io.github.nitfiji.pipeline;

/**
 * How a front door names settings in the messages the engine words for it. The engine's own
 * names are the macro keys ({@link #KEYS}: macros, the dialog, SciJava, job files); the command
 * line supplies its flags.
 */
@FunctionalInterface
public interface SettingNames {
    /** The macro keys, which are also the SciJava parameters and the job-file keys. */
    SettingNames KEYS = Setting::key;

    String of(Setting setting);
}
