package io.github.nitfiji.ij;

import io.github.nitfiji.fiji.FijiDoor;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.GenerateJob;
import io.github.nitfiji.fiji.GenerateMemory;
import io.github.nitfiji.fiji.GenerateOptions;
import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStatus;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.ModelFamilies;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Plugins > NiT > NiT Generate...: a dialog, or macro options (the stable keys of
 * {@link GenerateOptions#KEYS}), to a new stack of generated images. Runs on the command's own
 * thread (ImageJ starts menu commands off the event thread), shows progress, stops within a step
 * when Esc is pressed, and records a macro line with the seed actually used.
 */
public class NiT_Generate implements PlugIn {
    static final String TITLE = "NiT Generate";

    @Override
    public void run(String arg) {
        if (Interpreter.getInstance() == null) {
            IJ.resetEscape(); // as ImageJ does for menu commands; a macro keeps its Esc (it cancels the macro)
        }
        String macroOptions = Macro.getOptions();
        GenerateOptions options;
        try {
            if (macroOptions != null) {
                options = GenerateOptions.parse(macroOptions);
            } else if (GraphicsEnvironment.isHeadless()) {
                options = GenerateOptions.defaults();
            } else {
                // the dialog starts from the previous run's choices (or the model NiT Train installed)
                options = new GenerateDialog().show(GenerateMemory.last(), installedModels(), DeviceChoice.choices(),
                        openImageTitles());
                if (options == null) {
                    return;
                }
                GenerateMemory.remember(options);
            }
        } catch (IllegalArgumentException | ModelException e) {
            fail(ErrorMessages.describe(e));
            return;
        }
        try {
            GenerateJob.Outcome outcome = new GenerateJob(options, new IjFeedback(), IJ::escapePressed).run();
            show(outcome.image);
            if (MacroRecording.active()) {
                MacroRecording.record(outcome.options);
            }
        } catch (CancellationException e) {
            IJ.resetEscape();
            IJ.showStatus("NiT: cancelled, no image made");
            MacroRecording.skip();
            if (Interpreter.getInstance() != null) {
                IJ.error(TITLE, "cancelled (Esc); no image was made"); // ends the macro, too
            } else if (macroOptions != null) {
                throw e;
            }
        } catch (Exception | OutOfMemoryError | UnsatisfiedLinkError e) {
            IJ.showStatus("");
            fail(ErrorMessages.describe(e));
        } finally {
            IJ.showProgress(1.0);
        }
    }

    /**
     * Shows the stack; when headless outside a macro (IJ.runPlugIn from Java), where a window
     * cannot exist, makes it this thread's current image instead (IJ.getImage() returns it).
     */
    static void show(ImagePlus image) {
        if (GraphicsEnvironment.isHeadless() && !IJ.isMacro()) {
            WindowManager.setTempCurrentImage(image);
        } else {
            image.show();
        }
    }

    /** Reports a failure of "NiT Generate..." ({@link CommandFailure}). */
    static void fail(String message) {
        CommandFailure.report(TITLE, message);
    }

    /** Titles of the open images (none when no image is open: the dialog then has no "Start from"). */
    static String[] openImageTitles() {
        String[] titles = WindowManager.getImageTitles();
        return titles == null ? new String[0] : titles;
    }

    /** Generating models (NiT, TiM) whose files (and decoder) are in place, the default model first. */
    static List<String> installedModels() throws ModelException {
        ModelStore store = ModelStore.openDefault().frontDoor(FijiDoor.INSTANCE);
        List<String> ids = new ArrayList<>();
        for (ModelStatus status : store.statusAll(false)) {
            if (status.card().kind().generates() && status.isUsable()
                    && store.status(store.catalog().decoderFor(status.card()), false).isUsable()) {
                String id = status.card().id();
                ids.add(id.equals(ModelFamilies.DEFAULT_MODEL) ? 0 : ids.size(), id);
            }
        }
        if (ids.isEmpty()) {
            throw new ModelException(ModelException.Reason.NOT_INSTALLED, "no NiT model is installed in "
                    + store.folder() + ", and the bundled smoke-test model is missing (broken install?)");
        }
        return ids;
    }
}
