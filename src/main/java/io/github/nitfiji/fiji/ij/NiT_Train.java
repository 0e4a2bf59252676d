package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.Plot;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.FijiDoor;
import io.github.nitfiji.fiji.train.TrainJob;
import io.github.nitfiji.fiji.train.TrainOptions;
import io.github.nitfiji.runtime.DeviceChoice;
import io.github.nitfiji.train.BaseModel;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Plugins > NiT > NiT Train...: fine-tunes an installed NiT on a folder of class folders or on
 * the open images, with a dialog or macro options ({@link TrainOptions#KEYS}), and installs the
 * result as a new model, which "NiT Generate..." then starts with. While it trains, a loss plot
 * and a stack of previews grow, and the status line shows the time left; Esc (or closing the plot)
 * stops after the current step with a checkpoint, from which "resume" continues. Records the macro
 * line that trains the same model again; errors go to the Log and a "NiT Train" dialog, never to a
 * dialog that waits in a headless or {@code -batch} run.
 */
public class NiT_Train implements PlugIn {
    static final String TITLE = "NiT Train";
    /** The dialog starts from the previous run's choices (with "resume" after a stopped run), for the session. */
    private static volatile TrainOptions last = TrainOptions.builder().build();

    @Override
    public void run(String arg) {
        if (Interpreter.getInstance() == null) {
            IJ.resetEscape(); // as ImageJ does for menu commands; a macro keeps its Esc (it cancels the macro)
        }
        String macroOptions = Macro.getOptions();
        TrainOptions options;
        try {
            if (macroOptions != null) {
                options = TrainOptions.parse(macroOptions);
            } else if (GraphicsEnvironment.isHeadless()) {
                throw new IllegalArgumentException("without a display, NiT Train takes macro options, e.g. run(\""
                        + TrainOptions.COMMAND + "\", \"images=folder data=[/path/cells] base=smoke-test name=my-cells"
                        + " steps=200\")");
            } else {
                options = new TrainDialog().show(last, bases(), DeviceChoice.choices(),
                        WindowManager.getImageCount());
                if (options == null) {
                    return;
                }
                last = options;
            }
        } catch (IllegalArgumentException | ModelException e) {
            fail(ErrorMessages.describe(e));
            return;
        }
        train(options, macroOptions != null);
    }

    private static void train(TrainOptions options, boolean fromMacro) {
        boolean live = !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode();
        try {
            IjFeedback feedback = new IjFeedback();
            TrainJob.Outcome outcome = new TrainJob(options, feedback, IJ::escapePressed, live).run();
            String line = outcome.options.macroCall();
            if (!outcome.shown) {
                if (outcome.previews != null) {
                    feedback.show(outcome.previews);
                }
                show(outcome.lossPlot); // shown last: the macro's current image
            }
            if (outcome.lossImage != null) {
                ImagePlus plot = outcome.lossImage;
                plot.setProp("nit.command", line);
                plot.setProp("nit.model", outcome.modelId);
                plot.setProp("nit.base_model", outcome.options.text("base"));
                plot.setProp("nit.classes", outcome.classes);
                plot.setProp("nit.run", outcome.runDir.toString());
            }
            IJ.log(TITLE + ": to train this model again (under another name): " + line);
            last = outcome.options;
            IJ.showStatus("NiT Train: installed '" + outcome.modelId + "', the model of NiT Generate... now");
            if (MacroRecording.active(TrainOptions.COMMAND)) {
                MacroRecording.record(outcome.options.recorderValues());
            }
        } catch (TrainJob.Stopped e) {
            IJ.resetEscape();
            last = e.resume;
            stopped(e.getMessage(), fromMacro);
        } catch (CancellationException e) {
            IJ.resetEscape();
            stopped(TrainOptions.inFijiWords(e.getMessage()) + "; run " + TrainOptions.COMMAND + " again to go on (it"
                    + " reuses them)", fromMacro);
        } catch (Exception | OutOfMemoryError | UnsatisfiedLinkError e) {
            IJ.showStatus("");
            fail(ErrorMessages.describe(e));
        } finally {
            IJ.showProgress(1.0);
        }
    }

    /** A stop is not a failure: the Log and the status line say how to go on; a macro ends there. */
    private static void stopped(String message, boolean fromMacro) {
        IJ.showStatus("NiT Train: stopped (see the Log)");
        if (fromMacro) {
            fail(message); // the model was not installed: what follows in the macro could not use it
        } else {
            MacroRecording.skip();
            IJ.log(TITLE + ": " + message);
        }
    }

    /**
     * Shows a plot made without a window: a macro in batch mode gets it as its current image, with
     * its values for Plot.getValues; headless outside a macro (Java, a script) it becomes current.
     */
    private static void show(Plot plot) {
        if (plot == null) {
            return;
        }
        if (GraphicsEnvironment.isHeadless() && !IJ.isMacro()) {
            WindowManager.setTempCurrentImage(plot.getImagePlus());
        } else {
            plot.show();
        }
    }

    static void fail(String message) {
        CommandFailure.report(TITLE, message);
    }

    /** The installed NiTs that can be a base, the default first. */
    static List<String> bases() throws ModelException {
        List<String> ids = BaseModel.installed(ModelStore.openDefault().frontDoor(FijiDoor.INSTANCE));
        if (ids.isEmpty()) {
            throw new ModelException(ModelException.Reason.NOT_INSTALLED, "no NiT model is installed to fine-tune, and"
                    + " the bundled smoke-test model is missing (broken install?)");
        }
        return ids;
    }
}
