package io.github.nitfiji.fiji.ij;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.fiji.GenerationHistory;

/**
 * Plugins > NiT > NiT Vary: the current NiT image's settings again with the next seeds, read from
 * its provenance ({@code nit.command}, which TIFF files and "NiT Save..." PNGs keep), so it works
 * on an image from an earlier session too. The Recorder writes the "NiT Generate..." line that ran.
 */
public class NiT_Vary implements PlugIn {
    static final String TITLE = "NiT Vary";
    static final String COMMAND = "NiT Vary";

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        GenerateOptions options;
        try {
            if (imp == null) {
                throw new IllegalArgumentException("open a NiT image first (one made by NiT Generate)");
            }
            options = variation(imp);
        } catch (IllegalArgumentException e) {
            CommandFailure.report(TITLE, "'" + (imp == null ? "" : imp.getTitle()) + "': " + ErrorMessages.describe(e));
            return;
        }
        GenerateRun.run(TITLE, COMMAND, options, Macro.getOptions() != null, GenerateRun.Recording.GENERATE_LINE);
    }

    /** The options of {@code imp}'s run with the next seeds. */
    static GenerateOptions variation(ImagePlus imp) {
        return GenerationHistory.vary(GenerateOptions.fromMacroCall(command(imp)));
    }

    /** The image's {@code nit.command}: its property, or its line in the Info text (an image that kept only that). */
    static String command(ImagePlus imp) {
        String command = imp.getProp("nit.command");
        if (command != null) {
            return command;
        }
        String info = imp.getInfoProperty();
        if (info != null) {
            for (String line : info.split("\n")) {
                if (line.startsWith("nit.command: ")) {
                    return line.substring("nit.command: ".length());
                }
            }
        }
        return "";
    }
}
