package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.fiji.GenerationHistory;
import io.github.nitfiji.pipeline.Setting;
import java.awt.GraphicsEnvironment;

/**
 * Plugins > NiT > NiT History: every run of this session with its settings and seeds, in a small
 * window ({@link HistoryWindow}) that regenerates a run (the same bytes), varies it (the same
 * settings, the next seeds) or starts a new run from its image. Without a screen it lists the runs
 * in the Log, each with the line that regenerates it.
 */
public class NiT_History implements PlugIn {
    static final String TITLE = "NiT History";

    @Override
    public void run(String arg) {
        if (GraphicsEnvironment.isHeadless()) {
            if (GenerationHistory.shared().entries().isEmpty()) {
                IJ.log(TITLE + ": no run yet in this session");
            }
            for (GenerationHistory.Entry e : GenerationHistory.shared().entries()) {
                IJ.log(e.summary() + "\n    " + e.options.macroCall());
            }
            return;
        }
        HistoryWindow.open();
    }

    /** Runs {@code number} again: the same settings and seeds, so the same bytes. Null when it failed (reported). */
    public static ImagePlus regenerate(int number) {
        GenerationHistory.Entry entry = entry(number);
        return entry == null ? null : run(entry.options);
    }

    /** Runs {@code number}'s settings with the next seeds. */
    public static ImagePlus vary(int number) {
        GenerationHistory.Entry entry = entry(number);
        if (entry == null) {
            return null;
        }
        try {
            return run(GenerationHistory.vary(entry.options));
        } catch (IllegalArgumentException e) {
            CommandFailure.report(TITLE, ErrorMessages.describe(e));
            return null;
        }
    }

    /**
     * Opens "NiT Generate..." starting from run {@code number}'s image (regenerated first when it
     * was closed), with its prompt, model and preset and a new random seed.
     */
    static void useAsStart(int number) {
        GenerationHistory.Entry entry = entry(number);
        if (entry == null) {
            return;
        }
        ImagePlus image = entry.image();
        if (image == null) {
            image = run(entry.options);
            if (image == null) {
                return;
            }
        }
        if (WindowManager.getImage(image.getTitle()) != image) {
            image.setTitle(WindowManager.makeUniqueName(image.getTitle())); // the source is named by its title
        }
        GenerateOptions.Builder start = entry.options.toBuilder().source(image.getTitle());
        for (Setting s : new Setting[] {Setting.SEED, Setting.WIDTH, Setting.HEIGHT, Setting.REFINE_TO}) {
            start.set(s.key(), "");
        }
        NiT_Generate.dialogAndRun(start.build());
    }

    private static GenerationHistory.Entry entry(int number) {
        GenerationHistory.Entry entry = GenerationHistory.shared().find(number).orElse(null);
        if (entry == null) {
            CommandFailure.report(TITLE, "run #" + number + " is no longer in the history (it keeps the last "
                    + GenerationHistory.LIMIT + ")");
        }
        return entry;
    }

    private static ImagePlus run(GenerateOptions options) {
        return GenerateRun.run(TITLE, TITLE, options, false, GenerateRun.Recording.GENERATE_LINE);
    }
}
