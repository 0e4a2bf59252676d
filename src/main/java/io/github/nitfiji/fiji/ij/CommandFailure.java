package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

/**
 * How every NiT command reports a failure: the message goes to the Log (selectable text, to copy
 * a URL or a command from), then
 * <ul>
 *   <li>with ImageJ's window: an error dialog titled by the command ("NiT Models", "NiT Engine"),
 *       or, inside a macro, ImageJ's macro error, which ends the macro;</li>
 *   <li>without it ({@code ImageJ -batch}, a headless Fiji) inside a macro: the macro ends with
 *       the message as its error, and no dialog waits for a click nobody can give;</li>
 *   <li>with macro options but no macro (IJ.runPlugIn or IJ.run from Java or a script): an exception.</li>
 * </ul>
 * The Macro Recorder writes no line for a failed command.
 */
final class CommandFailure {
    private CommandFailure() {
    }

    static void report(String title, String message) {
        MacroRecording.skip();
        IJ.log(title + ": " + message);
        Interpreter macro = Interpreter.getInstance();
        if (macro != null && IJ.getInstance() == null) {
            macro.setIgnoreErrors(true); // abort() then ends the macro without ImageJ's error dialog
            macro.abort(message);
        } else if (Macro.getOptions() == null || macro != null) {
            IJ.error(title, message);
        } else {
            throw new IllegalArgumentException(title + ": " + message);
        }
    }
}
