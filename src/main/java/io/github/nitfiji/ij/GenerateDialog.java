package io.github.nitfiji.ij;

import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.fiji.MacroOptions;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.labels.ClassMatch;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.UnknownClassException;
import io.github.nitfiji.pipeline.CardPresets;
import io.github.nitfiji.pipeline.TimPresets;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.PresetTable;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.TransitionSettings;
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
            boolean open = java.util.Arrays.asList(openImages).contains(initial.source);
            gd.addChoice("Start from", starts, open ? initial.source : NOISE);
            fields.put("source", last(gd.getChoices()));
            gd.addNumericField("Strength", initial.strength != null ? initial.strength
                    : GenerationRequest.DEFAULT_STRENGTH, 2, 5, "0 keeps the image, 1 = noise");
            fields.put("strength", last(gd.getNumericFields()));
        }
        gd.addStringField("Prompt", initial.prompt, 28);
        fields.put("prompt", last(gd.getStringFields()));
        gd.addMessage("");
        feedback = (Label) gd.getMessage();
        gd.addNumericField("Width", initial.width, 0, 6, "px");
        fields.put("width", last(gd.getNumericFields()));
        gd.addNumericField("Height", initial.height, 0, 6, "px");
        fields.put("height", last(gd.getNumericFields()));
        gd.addPanel(ratioButtons());
        gd.addNumericField("Images", initial.images, 0, 4, "");
        fields.put("images", last(gd.getNumericFields()));
        gd.addNumericField("Seed", initial.seed, 0, 12, "(-1 = random)");
        fields.put("seed", last(gd.getNumericFields()));
        text("seed", Long.toString(initial.seed)); // exact: the field is read as text, never as a double
        gd.addChoice("Preset", PRESETS, initial.preset.id());
        fields.put("preset", last(gd.getChoices()));
        gd.addChoice("Sampler", ids(SamplerKind.values()), initial.sampler.id());
        fields.put("sampler", last(gd.getChoices()));
        gd.addNumericField("Steps", initial.steps, 0, 5, "");
        fields.put("steps", last(gd.getNumericFields()));
        gd.addNumericField("CFG", initial.cfg, 2, 5, "");
        fields.put("cfg", last(gd.getNumericFields()));
        gd.addNumericField("Guidance_low", initial.guidanceLow, 2, 5, "t");
        fields.put("guidance_low", last(gd.getNumericFields()));
        gd.addNumericField("Guidance_high", initial.guidanceHigh, 2, 5, "t");
        fields.put("guidance_high", last(gd.getNumericFields()));
        gd.addChoice("Tim_mode", TIM_MODES, initial.timMode.isEmpty() ? TIM_MODES[0] : initial.timMode);
        fields.put("tim_mode", last(gd.getChoices()));
        gd.addNumericField("Stochasticity", initial.stochasticity != null ? initial.stochasticity : 0, 2, 5,
                "TiM, 0..1");
        fields.put("stochasticity", last(gd.getNumericFields()));
        String model = initial.model != null && models.contains(initial.model) ? initial.model : models.get(0);
        gd.addChoice("Model", models.toArray(new String[0]), model);
        fields.put("model", last(gd.getChoices()));
        ModelGuide.speedAdvice(models, catalog).ifPresent(gd::addMessage);
        gd.addChoice("Device", devices.toArray(new String[0]), devices.contains(initial.device) ? initial.device : "auto");
        fields.put("device", last(gd.getChoices()));
        gd.addChoice("Precision", PRECISIONS, initial.precision.name().toLowerCase(Locale.ROOT));
        fields.put("precision", last(gd.getChoices()));
        gd.addChoice("Output", OUTPUTS, initial.output.id);
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
        ModelKind kind = kind();
        boolean tim = kind != ModelKind.NIT;
        for (String key : new String[] {"steps", "cfg", "guidance_low", "guidance_high"}) {
            fields.get(key).setEnabled(custom);
        }
        fields.get("sampler").setEnabled(custom && !tim);
        fields.get("tim_mode").setEnabled(custom && tim);
        fields.get("stochasticity").setEnabled(custom && tim);
        try {
            if (!custom) {
                showPresetSettings();
            }
            GenerateOptions options = read(); // every check of the spec
            String notice = ModelGuide.sizeNotice(card(), options.width, options.height);
            if (kind == ModelKind.TIM_C2I || kind == ModelKind.NIT) {
                ClassMatch match = ClassMatcher.standard().resolve(options.prompt);
                feedback.setText("\u2192 class " + match.index() + ": " + match.name() + " (class model: the prompt"
                        + " is matched to an ImageNet class)" + notice);
            } else {
                feedback.setText("\u2192 text model: the prompt is free text" + notice);
            }
            return true;
        } catch (UnknownClassException | ModelException | IllegalArgumentException ex) {
            feedback.setText("\u2717 " + ex.getMessage());
            return false;
        }
    }

    /**
     * The preset's sampler settings from the chosen model's card, for the current size, shown in
     * the (disabled) custom fields.
     */
    private void showPresetSettings() throws ModelException {
        Preset preset = Preset.parse(choice("preset").getSelectedItem());
        GenerateOptions sized = GenerateOptions.builder().set("width", text("width")).set("height", text("height"))
                .build();
        if (kind() != ModelKind.NIT) {
            TransitionSettings t = TimPresets.settings(card(), preset);
            choice("tim_mode").select(t.mode.id());
            text("stochasticity", MacroOptions.number(t.stochasticity));
            text("steps", Integer.toString(t.steps));
            text("cfg", MacroOptions.number(t.cfgScale));
            text("guidance_low", MacroOptions.number(t.guidanceLow));
            text("guidance_high", MacroOptions.number(t.guidanceHigh));
            return;
        }
        PresetTable presets = CardPresets.of(choice("model").getSelectedItem(), catalog);
        SamplerSettings s = preset.choose(sized.width, sized.height, presets).settings;
        choice("sampler").select(s.kind.id());
        text("steps", Integer.toString(s.steps));
        text("cfg", MacroOptions.number(s.cfgScale));
        text("guidance_low", MacroOptions.number(s.guidanceLow));
        text("guidance_high", MacroOptions.number(s.guidanceHigh));
    }

    /** The chosen model's card. */
    private ModelCard card() throws ModelException {
        return catalog.require(choice("model").getSelectedItem());
    }

    /** The chosen model's kind (NiT when its card cannot be read: the check reports that). */
    private ModelKind kind() {
        try {
            return card().kind();
        } catch (ModelException e) {
            return ModelKind.NIT;
        }
    }

    private GenerateOptions read() {
        GenerateOptions.Builder b = GenerateOptions.builder();
        // TiM's own settings count with the custom preset of a TiM model only; NiT's sampler not at all for TiM
        boolean tim = kind() != ModelKind.NIT;
        boolean timCustom = tim && "custom".equals(choice("preset").getSelectedItem());
        for (String key : fields.keySet()) {
            Component c = fields.get(key);
            boolean timKey = key.equals("tim_mode") || key.equals("stochasticity");
            if (timKey && !timCustom || key.equals("sampler") && tim) {
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

    private Panel ratioButtons() {
        Panel panel = new Panel(new FlowLayout(FlowLayout.LEFT, 3, 0));
        panel.add(new Label("Aspect:"));
        for (AspectRatio ratio : AspectRatio.values()) {
            Button button = new Button(ratio.label());
            button.addActionListener(e -> {
                try {
                    int width = GenerateOptions.builder().set("width", text("width")).build().width;
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
