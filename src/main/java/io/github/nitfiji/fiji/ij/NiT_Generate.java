package io.github.nitfiji.fiji.ij;

import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStatus;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.FijiDoor;
import io.github.nitfiji.fiji.GenerateMemory;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.runtime.DeviceChoice;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;

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
        String macroOptions = Macro.getOptions();
        GenerateOptions options;
        try {
            if (macroOptions != null) {
                options = GenerateOptions.parse(macroOptions);
            } else if (GraphicsEnvironment.isHeadless()) {
                options = GenerateOptions.defaults();
            } else {
                options = dialog(GenerateMemory.last());
                if (options == null) {
                    return;
                }
            }
        } catch (IllegalArgumentException | ModelException e) {
            fail(ErrorMessages.describe(e));
            return;
        }
        GenerateRun.run(TITLE, GenerateOptions.COMMAND, options, macroOptions != null, GenerateRun.Recording.COMMAND);
    }

    /**
     * The dialog, starting from {@code initial} (the previous run's choices, or a history entry's);
     * null when cancelled. Its choices become the next dialog's start.
     */
    static GenerateOptions dialog(GenerateOptions initial) throws ModelException {
        GenerateOptions options = new GenerateDialog().show(initial, installedModels(), DeviceChoice.choices(),
                openImageTitles());
        if (options != null) {
            GenerateMemory.remember(options);
        }
        return options;
    }

    /** The dialog from {@code initial}, then the run, as the menu command does (the history's "use as start image"). */
    static void dialogAndRun(GenerateOptions initial) {
        GenerateOptions options;
        try {
            options = dialog(initial);
        } catch (IllegalArgumentException | ModelException e) {
            fail(ErrorMessages.describe(e));
            return;
        }
        if (options != null) {
            GenerateRun.run(TITLE, GenerateOptions.COMMAND, options, false, GenerateRun.Recording.GENERATE_LINE);
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
