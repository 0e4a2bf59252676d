package io.github.nitfiji.fiji.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import io.github.nitfiji.fiji.AiLabel;
import io.github.nitfiji.fiji.MacroOptions;
import io.github.nitfiji.fiji.SavedImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Plugins > NiT > NiT Save...: saves the current image with its provenance, which File > Save As >
 * PNG drops: PNG (the current image, provenance as text chunks, as the command line writes them)
 * or TIFF (the whole stack with its properties), optionally with a visible "AI-generated (NiT)"
 * label burnt into the saved copy. Recordable; macro keys:
 * {@code path=FILE format=png|tiff label} (or {@code label=true|false}).
 */
public class NiT_Save implements PlugIn {
    static final String TITLE = "NiT Save";
    private static final List<String> KEYS = List.of("path", "format", "label");

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            CommandFailure.report(TITLE, "no image is open: open or generate one, then save it");
            return;
        }
        try {
            Choice choice = choose(imp);
            if (choice == null) {
                return;
            }
            Path target = SavedImages.target(choice.path, choice.format);
            IJ.showStatus("NiT: saving " + target.getFileName());
            IJ.log("NiT: " + SavedImages.save(imp, target, choice.format, choice.label));
            IJ.showStatus("NiT: saved " + target.getFileName());
        } catch (IllegalArgumentException | IOException e) {
            CommandFailure.report(TITLE, e.getMessage());
        }
    }

    /** What to save where, from macro options or the dialog; null when cancelled. */
    private static Choice choose(ImagePlus imp) {
        String options = Macro.getOptions();
        if (options != null) {
            for (String key : MacroOptions.keys(options)) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown option " + key + "; \"NiT Save...\" takes path, format,"
                            + " label");
                }
            }
            String path = Macro.getValue(options, "path", "");
            String format = Macro.getValue(options, "format", null);
            return new Choice(path, format != null ? SavedImages.Format.parse(format) : formatOf(path),
                    label(options));
        }
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addMessage("Saves '" + imp.getTitle() + "' with its provenance (File > Save As > PNG would drop it).");
        gd.addFileField("Path", defaultPath(imp), 40);
        gd.addChoice("Format", new String[] {"png", "tiff"}, "png");
        gd.addCheckbox("Label (burn '" + AiLabel.TEXT + "' into the saved copy)", false);
        gd.addMessage("PNG: the current image, 8-bit RGB, provenance as PNG text.\n"
                + "TIFF: the whole stack with its data, provenance as image properties.");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        return new Choice(gd.getNextString(), SavedImages.Format.parse(gd.getNextChoice()), gd.getNextBoolean());
    }

    /** {@code label}, {@code label=true} or {@code label=false}; absent is false, as for a checkbox. */
    private static boolean label(String options) {
        String value = Macro.getValue(options, "label", null);
        if (value == null) {
            return MacroOptions.keys(options).contains("label");
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("label=" + value + " is not true or false");
        }
    }

    private static SavedImages.Format formatOf(String path) {
        SavedImages.Format named = SavedImages.Format.ofName(path);
        return named != null ? named : SavedImages.Format.PNG;
    }

    private static String defaultPath(ImagePlus imp) {
        String folder = IJ.getDirectory("image");
        String name = imp.getTitle().replaceAll("[^A-Za-z0-9._ -]+", "_") + ".png";
        return folder != null ? Path.of(folder, name).toString() : name;
    }

    private static final class Choice {
        final String path;
        final SavedImages.Format format;
        final boolean label;

        Choice(String path, SavedImages.Format format, boolean label) {
            this.path = path;
            this.format = format;
            this.label = label;
        }
    }
}
