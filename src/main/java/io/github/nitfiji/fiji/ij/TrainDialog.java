package io.github.nitfiji.fiji.ij;

import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import io.github.nitfiji.fiji.MacroOptions;
import io.github.nitfiji.fiji.train.TrainOptions;
import io.github.nitfiji.train.TrainingSettings;
import java.awt.AWTEvent;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Label;
import java.awt.TextField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "NiT Train..." dialog: where the images come from (a folder of class folders, or the open
 * images with a class per image), the base model (installed NiTs only), the new model's name,
 * steps, LoRA rank, learning rate, how often to preview, the device, and whether to resume the
 * run of this name. Values are read as text and go through {@link TrainOptions.Builder#set}, the
 * path macro options take; a line at the bottom says what is wrong, and OK waits until nothing is.
 */
final class TrainDialog implements DialogListener {
    private static final String[] SOURCES = {"folder of class folders", "open images"};
    private static final String[] CLASS_RULES = {"slice label, else title", "title"};

    private final Map<String, Component> fields = new LinkedHashMap<>();
    private Label feedback;

    /**
     * Shows the dialog; returns the options, or null when cancelled.
     *
     * @param bases the installed NiTs that can be fine-tuned, the default first
     * @param devices device choices (auto, cpu, gpu:i ...)
     */
    TrainOptions show(TrainOptions initial, List<String> bases, List<String> devices, int openImages) {
        GenericDialog gd = new GenericDialog("NiT Train");
        gd.addHelp(GenerateDialog.HELP_URL);
        gd.addMessage("Teach a NiT your own subjects: each class of images becomes a new class of a new model.");
        gd.addChoice("Images", SOURCES, initial.fromOpenImages() ? SOURCES[1] : SOURCES[0]);
        fields.put(TrainOptions.IMAGES, last(gd.getChoices()));
        gd.addDirectoryField("Folder", or(initial, "data", ""), 28);
        fields.put("data", last(gd.getStringFields()));
        gd.addChoice("Class of an open image", CLASS_RULES, initial.classFromTitle() ? CLASS_RULES[1] : CLASS_RULES[0]);
        fields.put(TrainOptions.CLASS, last(gd.getChoices()));
        String base = bases.contains(or(initial, "base", "")) ? initial.text("base") : bases.get(0);
        gd.addChoice("Base model", bases.toArray(new String[0]), base);
        fields.put("base", last(gd.getChoices()));
        gd.addStringField("Name of the new model", or(initial, "name", "my-cells"), 20);
        fields.put("name", last(gd.getStringFields()));
        TrainingSettings defaults = new TrainingSettings();
        gd.addNumericField("Steps", number(initial, "steps", defaults.steps), 0, 7, "");
        fields.put("steps", last(gd.getNumericFields()));
        gd.addNumericField("LoRA rank", number(initial, "rank", defaults.rank), 0, 4, "");
        fields.put("rank", last(gd.getNumericFields()));
        gd.addStringField("Learning rate", or(initial, "lr", MacroOptions.number(defaults.lr)), 8);
        fields.put("lr", last(gd.getStringFields()));
        gd.addStringField("Preview every", or(initial, "preview_every", ""), 6);
        fields.put("preview_every", last(gd.getStringFields()));
        gd.addToSameRow();
        gd.addMessage("steps (empty: 10 per run, 0: none)");
        gd.addChoice("Device", devices.toArray(new String[0]), or(initial, "device", "cpu"));
        fields.put("device", last(gd.getChoices()));
        gd.addCheckbox("Resume the stopped run of this name", initial.flag("resume"));
        fields.put("resume", last(gd.getCheckboxes()));
        gd.addMessage(openImages == 0 ? "No image is open: train from a folder with one sub-folder per class."
                : openImages + " open image(s): each (or each labelled slice) is one class, by its title or label.");
        gd.addMessage("Esc stops with a checkpoint. The result is a new model, selected in NiT Generate...");
        gd.addMessage("");
        feedback = (Label) gd.getMessage();
        gd.addDialogListener(this);
        update();
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        return read();
    }

    @Override
    public boolean dialogItemChanged(GenericDialog gd, AWTEvent e) {
        return update();
    }

    /** Enables what the image source uses, shows the first problem; false disables OK. */
    private boolean update() {
        boolean open = choice(TrainOptions.IMAGES).getSelectedIndex() == 1;
        fields.get("data").setEnabled(!open);
        fields.get(TrainOptions.CLASS).setEnabled(open);
        try {
            TrainOptions options = read();
            if (!open && options.text("data") == null) {
                throw new IllegalArgumentException("choose the folder of class folders");
            }
            if (options.text("name") == null) {
                throw new IllegalArgumentException("name the new model (e.g. my-cells)");
            }
            feedback.setText("");
            return true;
        } catch (IllegalArgumentException ex) {
            feedback.setText("\u2717 " + ex.getMessage());
            return false;
        }
    }

    /** The fields as options (the dialog's choices become macro values). */
    private TrainOptions read() {
        boolean open = choice(TrainOptions.IMAGES).getSelectedIndex() == 1;
        TrainOptions.Builder b = TrainOptions.builder()
                .set(TrainOptions.IMAGES, open ? TrainOptions.OPEN : TrainOptions.FOLDER);
        if (open) {
            b.set(TrainOptions.CLASS, choice(TrainOptions.CLASS).getSelectedIndex() == 1 ? TrainOptions.TITLE : "");
        } else {
            b.set("data", text("data"));
        }
        for (String key : List.of("name", "steps", "rank", "lr", "preview_every")) {
            b.set(key, text(key));
        }
        b.set("base", choice("base").getSelectedItem());
        b.set("device", choice("device").getSelectedItem());
        b.flag("resume", ((Checkbox) fields.get("resume")).getState());
        return b.build();
    }

    private String text(String key) {
        return ((TextField) fields.get(key)).getText();
    }

    private Choice choice(String key) {
        return (Choice) fields.get(key);
    }

    private static String or(TrainOptions initial, String key, String fallback) {
        String text = initial.text(key);
        return text != null ? text : fallback;
    }

    private static double number(TrainOptions initial, String key, double fallback) {
        String text = initial.text(key);
        return text != null ? Double.parseDouble(text) : fallback;
    }

    private static Component last(java.util.Vector<?> components) {
        return (Component) components.lastElement();
    }
}
