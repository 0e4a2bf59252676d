package io.github.nitfiji.fiji.ij;

import ij.plugin.frame.Recorder;
import io.github.nitfiji.fiji.GenerateOptions;

/**
 * What the Macro Recorder writes for "NiT Generate...": the options that ran, with the seed and
 * model actually used, so the recorded line regenerates the same images. The dialog records
 * nothing itself; a failed or cancelled run records nothing at all.
 */
final class MacroRecording {
    private MacroRecording() {
    }

    /** Whether the Recorder is recording this command (it is open and the command came from a menu). */
    static boolean active() {
        return active(GenerateOptions.COMMAND);
    }

    /** Whether the Recorder is recording {@code command} (e.g. "NiT Refine..."). */
    static boolean active(String command) {
        return Recorder.record && command.equals(Recorder.getCommand());
    }

    /** Replaces whatever was collected for this command with the canonical options. */
    static void record(GenerateOptions options) {
        Recorder.resetCommandOptions();
        options.macroValues().forEach(Recorder::recordOption);
    }

    /** As above for any command: the options in order, a null value recorded as a bare flag. */
    static void record(java.util.Map<String, String> options) {
        Recorder.resetCommandOptions();
        options.forEach((key, value) -> {
            if (value == null) {
                Recorder.recordOption(key);
            } else {
                Recorder.recordOption(key, value);
            }
        });
    }

    /** Drops the command, so that the Recorder writes no line for a failed run. */
    static void skip() {
        Recorder.setCommand(null);
    }
}
