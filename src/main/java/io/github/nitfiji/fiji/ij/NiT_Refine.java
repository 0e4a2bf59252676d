package io.github.nitfiji.fiji.ij;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.pipeline.GenerationRequest;

/**
 * Plugins > NiT > NiT Refine...: the current image (or {@code source=[title]}), resampled to a
 * larger size and resampled by NiT at a low strength (default 0.4), using NiT's native
 * high-resolution ability. It is "NiT Generate..." with {@code refine_to}, so it takes the same
 * macro keys, and its recorded line regenerates the same result from the same source.
 */
public class NiT_Refine implements PlugIn {
    static final String COMMAND = "NiT Refine...";

    @Override
    public void run(String arg) {
        ImagePlus current = WindowManager.getCurrentImage();
        String macroOptions = Macro.getOptions();
        GenerateOptions options;
        try {
            if (macroOptions != null) {
                options = GenerateOptions.parse(macroOptions);
                if (!options.fromImage() && current != null) {
                    options = options.toBuilder().source(current.getTitle()).build();
                }
                if (!options.fromImage() || options.text("refine_to") == null) {
                    throw new IllegalArgumentException("\"" + COMMAND + "\" needs an open image (source=[title])"
                            + " and the size to refine to (refine_to=WxH, e.g. refine_to=1024x768)");
                }
            } else {
                if (current == null) {
                    throw new IllegalArgumentException("open the image to refine first");
                }
                options = dialog(current);
                if (options == null) {
                    return;
                }
            }
        } catch (IllegalArgumentException e) {
            CommandFailure.report("NiT Refine", ErrorMessages.describe(e));
            return;
        }
        GenerateRun.run("NiT Refine", COMMAND, options, macroOptions != null, GenerateRun.Recording.COMMAND);
    }

    /** Prompt, target size (twice the source by default) and strength; null when cancelled. */
    private static GenerateOptions dialog(ImagePlus source) {
        GenericDialog gd = new GenericDialog("NiT Refine");
        gd.addMessage("Refine '" + source.getTitle() + "' (" + source.getWidth() + " x " + source.getHeight() + ")");
        gd.addStringField("Prompt", GenerateOptions.defaults().prompt(), 28);
        gd.addNumericField("Width", Math.min(GenerationRequest.MAX_SIDE_PX, 2 * source.getWidth()), 0, 6, "px");
        gd.addNumericField("Height", Math.min(GenerationRequest.MAX_SIDE_PX, 2 * source.getHeight()), 0, 6, "px");
        gd.addNumericField("Strength", GenerationRequest.DEFAULT_REFINE_STRENGTH, 2, 5, "0 keeps the image, 1 = noise");
        gd.addNumericField("Seed", -1, 0, 12, "(-1 = random)");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        String prompt = gd.getNextString();
        int width = (int) gd.getNextNumber();
        int height = (int) gd.getNextNumber();
        double strength = gd.getNextNumber();
        long seed = (long) gd.getNextNumber();
        return GenerateOptions.builder().prompt(prompt).source(source.getTitle()).set("refine_to", width + "x" + height)
                .set("strength", Double.toString(strength)).set("seed", Long.toString(seed)).build();
    }
}
