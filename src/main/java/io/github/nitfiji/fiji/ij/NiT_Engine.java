package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.github.nitfiji.catalog.ByteSizes;
import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.ModelFile;
import io.github.nitfiji.fiji.FijiDoor;
import io.github.nitfiji.fiji.MacroOptions;
import io.github.nitfiji.runtime.EngineChoiceException;
import io.github.nitfiji.runtime.EngineControl;
import io.github.nitfiji.runtime.EnginePlan;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * Plugins > NiT > NiT Engine...: which PyTorch library NiT loads (the bundled CPU one, or a CUDA
 * one for an NVIDIA GPU), and changing it: install DJL's CUDA build (progress bar; Esc stops and
 * the next install resumes; the dialog offers it only where the engine decision says it helps),
 * use an existing libtorch folder, or reset. The dialog starts at status. A change applies after
 * Fiji restarts. Macro keys: {@code action=status|install|use|reset folder=PATH}.
 */
public class NiT_Engine implements PlugIn {
    static final String TITLE = "NiT Engine";
    static final String[] ACTIONS = {"status", "install", "use", "reset"};

    @Override
    public void run(String arg) {
        ClassLoader previous = FijiDoor.prepareThread(NiT_Engine.class);
        try {
            String[] chosen = choose();
            if (chosen == null) {
                return;
            }
            switch (chosen[0]) {
                case "install":
                    IJ.log("NiT: " + EngineControl.install(new ProgressBar()));
                    break;
                case "use":
                    if (chosen[1].isBlank()) {
                        throw new IllegalArgumentException("'use' needs a folder (macro key folder=...)");
                    }
                    IJ.log("NiT: " + EngineControl.use(Paths.get(chosen[1])));
                    break;
                case "reset":
                    IJ.log("NiT: " + EngineControl.reset());
                    break;
                default:
                    IJ.log("--- NiT Engine ---");
                    EngineControl.status().forEach(IJ::log);
            }
        } catch (EngineChoiceException | IllegalArgumentException e) {
            CommandFailure.report(TITLE, e.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            IJ.showProgress(1.0);
            IJ.showStatus("");
        }
    }

    /** {action, folder} from macro options or the dialog; null when cancelled. */
    private static String[] choose() {
        String options = Macro.getOptions();
        if (options != null) {
            for (String key : MacroOptions.keys(options)) {
                if (!List.of("action", "folder").contains(key)) {
                    throw new IllegalArgumentException("unknown option " + key + "; \"NiT Engine...\" takes action, folder");
                }
            }
            String action = Macro.getValue(options, "action", "status").toLowerCase(Locale.ROOT);
            if (!List.of(ACTIONS).contains(action)) {
                throw new IllegalArgumentException("action=" + action + " is unknown; use " + String.join(", ", ACTIONS));
            }
            return new String[] {action, Macro.getValue(options, "folder", "")};
        }
        EnginePlan plan = EngineControl.plan();
        List<String> actions = EngineControl.actions(plan);
        GenericDialog gd = new GenericDialog(TITLE);
        // wrapped: the engine's folder can be a long path, and the dialog must fit the screen
        gd.addMessage(String.join("\n", WrappedText.lines(String.join("\n", EngineControl.status()), 100)));
        gd.addChoice("Action", actions.toArray(new String[0]), "status");
        gd.addDirectoryField("Folder (use)", "");
        gd.addMessage((actions.contains("install")
                ? "install: DJL's CUDA 12.8 libtorch 2.7.1 for the NVIDIA GPU (about 2 GB; Esc stops, the next install"
                        + " resumes).\n"
                : "install is not offered: " + EngineControl.whyNoInstall(plan) + ".\n")
                + "use: pytorch.org's libtorch 2.7.1 folder or a torch 2.7.1 wheel's torch/lib.\n"
                + "reset: back to the bundled CPU engine. Changes apply after Fiji restarts.");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        return new String[] {gd.getNextChoice(), gd.getNextString()};
    }

    /** Download events on the progress bar and status line; Esc interrupts (the part file is kept). */
    private static final class ProgressBar implements DownloadListener {
        @Override
        public void progress(ModelFile file, long done, long total) {
            if (total > 0) {
                IJ.showProgress((double) done / total);
            }
            IJ.showStatus("NiT: CUDA engine " + file.fileName() + ": " + ByteSizes.format(done)
                    + (total > 0 ? " of " + ByteSizes.format(total) : "") + " (Esc stops)");
            if (IJ.escapePressed()) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void message(String text) {
            IJ.log("NiT: " + text);
        }
    }
}
