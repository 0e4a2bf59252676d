package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.macro.Interpreter;
import ij.plugin.frame.Recorder;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.GenerateJob;
import io.github.nitfiji.fiji.GenerateOptions;
import java.util.concurrent.CancellationException;

/**
 * One generation started from ImageJ (a menu command, a macro, the history, "NiT Vary"): runs the
 * job with previews, shows the stack in the preview's place, and records what ran. Esc stops it
 * within a step: the status line and the Log say it was cancelled, nothing is recorded, no window
 * is left; inside a macro the macro ends with that message.
 */
final class GenerateRun {
    /** What the Macro Recorder writes for a successful run. */
    enum Recording {
        /** The command's own line with the options that ran (its dialog was recorded by ImageJ). */
        COMMAND,
        /** A "NiT Generate..." line with the options that ran (history and vary: the line that regenerates it). */
        GENERATE_LINE
    }

    private GenerateRun() {
    }

    /**
     * @param title the command's name for messages ("NiT Generate", "NiT History")
     * @param command the menu command the Recorder records under, for {@link Recording#COMMAND}
     * @param fromMacroOptions whether the options came as macro options (IJ.run or a macro)
     * @return the stack, or null when cancelled or failed (already reported)
     */
    static ImagePlus run(String title, String command, GenerateOptions options, boolean fromMacroOptions,
                         Recording recording) {
        if (Interpreter.getInstance() == null) {
            IJ.resetEscape(); // as ImageJ does for menu commands; a macro keeps its Esc (it cancels the macro)
        }
        IjFeedback feedback = new IjFeedback();
        try {
            GenerateJob.Outcome outcome = new GenerateJob(options, feedback, IJ::escapePressed).run();
            feedback.show(outcome.image);
            if (recording == Recording.COMMAND && MacroRecording.active(command)) {
                MacroRecording.record(outcome.options);
            } else if (recording == Recording.GENERATE_LINE && Recorder.record) {
                MacroRecording.skip();
                Recorder.recordString(outcome.options.macroCall() + "\n");
            }
            return outcome.image;
        } catch (CancellationException e) {
            feedback.closePreview();
            IJ.resetEscape();
            MacroRecording.skip();
            if (Interpreter.getInstance() != null) {
                IJ.error(title, GenerateJob.CANCELLED); // ends the macro, too
            } else if (fromMacroOptions) {
                throw e;
            }
            return null;
        } catch (Exception | OutOfMemoryError | UnsatisfiedLinkError e) {
            feedback.closePreview();
            IJ.showStatus("");
            CommandFailure.report(title, ErrorMessages.describe(e));
            return null;
        } finally {
            IJ.showProgress(1.0);
        }
    }
}
