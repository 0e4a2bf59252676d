package io.github.nitfiji.fiji.ij;

import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.fiji.MacroOptions;
import io.github.nitfiji.pipeline.GenerationPreview;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.pipeline.ModelFamily;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.sampling.SamplerKind;
import java.awt.AWTEvent;
import java.awt.Button;
import java.awt.Choice;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.Label;
import java.awt.Panel;
import java.awt.TextField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The "NiT Generate..." dialog. Each field's label starts with its macro key; values are read as
 * text and go through {@link GenerateOptions.Builder#set}, the same path as macro options. A live
 * line under the prompt shows the class the prompt picks (or what is wrong), and OK stays disabled
 * while the input is invalid. The aspect-ratio buttons only set the height, so they add no key.
 * When images are open, "Start from" offers noise or one of them, with the strength; starting
 * from an image takes its size, so width and height are disabled then.
 */
final class GenerateDialog implements DialogListener {
    private static final String[] PRESETS = {"quick", "fast", "balanced", "paper", "best", "custom"};
    private static final String[] TIM_MODES = {"transition", "ddiffusion"};
    private static final String[] PRECISIONS = {"auto", "fp32", "fp16"};
    /** The README's section on this dialog and its macro keys (the dialog's Help button opens it). */
    static final String HELP_URL = "https://github.com/nitfiji/NiT_Fiji#fiji";
    private static final String[] OUTPUTS = {ImageOutput.RGB.id, ImageOutput.FLOAT32.id};
    /** The first "Start from" choice: no image. */
    private static final String NOISE = "noise";

    private final Map<String, Component> fields = new LinkedHashMap<>();
    private Label feedback;
    /** The cards, whose presets the preset choice shows. */
    private ModelCatalog catalog;

    /**
     * Shows the dialog and returns the options, or null when cancelled.
     *
     * @param models installed NiT model ids, the default first
     * @param devices device choices (auto, cpu, gpu:i ...)
     * @throws IllegalArgumentException when a value is invalid (OK is disabled then, so rarely)
     * @throws ModelException when the models folder's cards cannot be read
     */
    GenerateOptions show(GenerateOptions initial, List<String> models, List<String> devices, String[] openImages)
            throws ModelException {
        catalog = ModelStore.openDefault().catalog();
        GenericDialog gd = new GenericDialog("NiT Generate");
        gd.addHelp(HELP_URL);
        if (openImages.length > 0) {
            String[] starts = new String[openImages.length + 1];
            starts[0] = NOISE;
            System.arraycopy(openImages, 0, starts, 1, openImages.length);
            boolean open = java.util.Arrays.asList(openImages).contains(initial.source());
            gd.addChoice("Start from", starts, open ? initial.source() : NOISE);
            fields.put("source", last(gd.getChoices()));
            gd.addNumericField("Strength", number(initial, "strength", GenerationRequest.DEFAULT_STRENGTH), 2, 5,
                    "0 keeps the image, 1 = noise");
            fields.put("strength", last(gd.getNumericFields()));
        }
        gd.addStringField("Prompt", initial.prompt(), 28);
        fields.put("prompt", last(gd.getStringFields()));
        gd.addMessage("");
        feedback = (Label) gd.getMessage();
        gd.addNumericField("Width", number(initial, "width", GenerationSpec.DEFAULT_SIDE), 0, 6, "px");
        fields.put("width", last(gd.getNumericFields()));
        gd.addNumericField("Height", number(initial, "height", GenerationSpec.DEFAULT_SIDE), 0, 6, "px");
        fields.put("height", last(gd.getNumericFields()));
        gd.addPanel(ratioButtons());
        gd.addNumericField("Images", number(initial, "images", 1), 0, 4, "");
        fields.put("images", last(gd.getNumericFields()));
        gd.addNumericField("Seed", -1, 0, 12, "(-1 = random)");
        fields.put("seed", last(gd.getNumericFields()));
        text("seed", or(initial, "seed", "-1")); // exact: the field is read as text, never as a double
        gd.addChoice("Preset", PRESETS, initial.toSpec().preset().id());
        fields.put("preset", last(gd.getChoices()));
        gd.addChoice("Sampler", ids(SamplerKind.values()), or(initial, "sampler", "ode"));
        fields.put("sampler", last(gd.getChoices()));
        gd.addNumericField("Steps", number(initial, "steps", 50), 0, 5, "");
        fields.put("steps", last(gd.getNumericFields()));
        gd.addNumericField("CFG", number(initial, "cfg", 3), 2, 5, "");
        fields.put("cfg", last(gd.getNumericFields()));
        gd.addNumericField("Guidance_low", number(initial, "guidance_low", 0), 2, 5, "t");
        fields.put("guidance_low", last(gd.getNumericFields()));
        gd.addNumericField("Guidance_high", number(initial, "guidance_high", 0.7), 2, 5, "t");
        fields.put("guidance_high", last(gd.getNumericFields()));
        gd.addChoice("Tim_mode", TIM_MODES, or(initial, "tim_mode", TIM_MODES[0]));
        fields.put("tim_mode", last(gd.getChoices()));
        gd.addNumericField("Stochasticity", number(initial, "stochasticity", 0), 2, 5, "TiM, 0..1");
        fields.put("stochasticity", last(gd.getNumericFields()));
        String model = models.contains(or(initial, "model", "")) ? initial.text("model") : models.get(0);
        gd.addChoice("Model", models.toArray(new String[0]), model);
        fields.put("model", last(gd.getChoices()));
        ModelGuide.speedAdvice(models, catalog).ifPresent(gd::addMessage);
        gd.addChoice("Device", devices.toArray(new String[0]), or(initial, "device", "auto"));
        fields.put("device", last(gd.getChoices()));
        gd.addChoice("Precision", PRECISIONS, or(initial, "precision", "auto"));
        fields.put("precision", last(gd.getChoices()));
        gd.addChoice("Output", OUTPUTS, initial.output().id);
        fields.put("output", last(gd.getChoices()));
        gd.addMessage("Images are AI-generated; each is stamped with its provenance (Image > Show Info).");
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

    /** Follows the preset, shows the chosen class or the first problem; false disables OK. */
    private boolean update() {
        boolean custom = "custom".equals(choice("preset").getSelectedItem());
        if (fields.containsKey("source")) {
            boolean fromImage = choice("source").getSelectedIndex() > 0;
            fields.get("strength").setEnabled(fromImage);
            fields.get("width").setEnabled(!fromImage);
            fields.get("height").setEnabled(!fromImage);
        }
        boolean nitSampler = family().map(f -> f.takes(Setting.SAMPLER)).orElse(true);
        boolean timKeys = family().map(f -> f.takes(Setting.TIM_MODE)).orElse(false);
        for (String key : new String[] {"steps", "cfg", "guidance_low", "guidance_high"}) {
            fields.get(key).setEnabled(custom);
        }
        fields.get("sampler").setEnabled(custom && nitSampler);
        fields.get("tim_mode").setEnabled(custom && timKeys);
        fields.get("stochasticity").setEnabled(custom && timKeys);
        try {
            if (!custom) {
                showPresetSettings();
            }
            GenerateOptions options = read(); // every check of the spec
            GenerationPreview preview = GenerationPreview.of(options.toSpec());
            String notice = preview.notices.isEmpty() ? "" : "; " + String.join(" ", preview.notices);
            if (!preview.family.readsText()) {
                feedback.setText("\u2192 class " + preview.classIndex + ": " + preview.className + " (class model: the"
                        + " prompt is matched to a class)" + notice);
            } else {
                feedback.setText("\u2192 text model: the prompt is free text" + notice);
            }
            return true;
        } catch (ModelException | java.io.IOException | IllegalArgumentException ex) {
            feedback.setText("\u2717 " + ex.getMessage());
            return false;
        }
    }

    /**
     * The preset's sampler settings for the chosen model at the current size, shown in the
     * (disabled) custom fields.
     */
    private void showPresetSettings() throws ModelException, java.io.IOException {
        GenerateOptions options = GenerateOptions.builder().set("model", choice("model").getSelectedItem())
                .set("preset", choice("preset").getSelectedItem()).set("width", text("width"))
                .set("height", text("height")).build();
        Map<String, String> s = GenerationPreview.of(options.toSpec()).settings;
        if (!"transition".equals(s.get("nit.sampler"))) {
            choice("sampler").select(s.get("nit.sampler"));
        } else {
            choice("tim_mode").select(s.get("nit.tim_mode"));
            text("stochasticity", MacroOptions.number(Double.parseDouble(s.get("nit.stochasticity"))));
        }
        String[] interval = s.get("nit.guidance_interval").split(",");
        text("steps", s.get("nit.steps"));
        text("cfg", MacroOptions.number(Double.parseDouble(s.get("nit.cfg"))));
        text("guidance_low", MacroOptions.number(Double.parseDouble(interval[0])));
        text("guidance_high", MacroOptions.number(Double.parseDouble(interval[1])));
    }

    /** The chosen model's card. */
    private ModelCard card() throws ModelException {
        return catalog.require(choice("model").getSelectedItem());
    }

    /** The chosen model's family (empty when its card cannot be read: the check reports that). */
    private java.util.Optional<ModelFamily> family() {
        try {
            return ModelFamilies.of(card().kind());
        } catch (ModelException e) {
            return java.util.Optional.empty();
        }
    }

    private GenerateOptions read() {
        GenerateOptions.Builder b = GenerateOptions.builder();
        // the sampler's own keys count with the custom preset only, and a family's own only for a model that takes them
        boolean custom = "custom".equals(choice("preset").getSelectedItem());
        for (String key : fields.keySet()) {
            Component c = fields.get(key);
            Setting setting = Setting.ofKey(key);
            if (Setting.CUSTOM_SAMPLING.contains(setting) && !(custom && family().map(f -> f.takes(setting)
                    || setting == Setting.STEPS || setting == Setting.CFG || setting == Setting.GUIDANCE_LOW
                    || setting == Setting.GUIDANCE_HIGH).orElse(true))) {
                continue;
            }
            if (key.equals("source") && ((Choice) c).getSelectedIndex() == 0) {
                b.set(key, GenerateOptions.NOISE);
            } else {
                b.set(key, c instanceof Choice ? ((Choice) c).getSelectedItem() : ((TextField) c).getText());
            }
        }
        return b.build();
    }

    /** The initial text of {@code key}, or {@code fallback}. */
    private static String or(GenerateOptions initial, String key, String fallback) {
        String text = initial.text(key);
        return text != null ? text : fallback;
    }

    private static double number(GenerateOptions initial, String key, double fallback) {
        String text = initial.text(key);
        return text != null ? Double.parseDouble(text) : fallback;
    }

    private Panel ratioButtons() {
        Panel panel = new Panel(new FlowLayout(FlowLayout.LEFT, 3, 0));
        panel.add(new Label("Aspect:"));
        for (AspectRatio ratio : AspectRatio.values()) {
            Button button = new Button(ratio.label());
            button.addActionListener(e -> {
                try {
                    int width = GenerateOptions.builder().set("width", text("width")).build().toSpec().width();
                    text("height", Integer.toString(ratio.heightFor(width)));
                } catch (IllegalArgumentException ex) {
                    feedback.setText("\u2717 " + ex.getMessage());
                    return;
                }
                update();
            });
            panel.add(button);
        }
        return panel;
    }

    private String text(String key) {
        return ((TextField) fields.get(key)).getText();
    }

    private void text(String key, String value) {
        TextField field = (TextField) fields.get(key);
        if (!field.getText().equals(value)) {
            field.setText(value);
        }
    }

    private Choice choice(String key) {
        return (Choice) fields.get(key);
    }

    private static Component last(java.util.Vector<?> components) {
        return (Component) components.lastElement();
    }

    private static String[] ids(SamplerKind[] kinds) {
        String[] ids = new String[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            ids[i] = kinds[i].id();
        }
        return ids;
    }
}
