package io.github.nitfiji.fiji.ij;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.fiji.GenerationHistory;
import io.github.nitfiji.fiji.source.FijiSources;
import io.github.nitfiji.fiji.source.SourceType;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.Setting;
import java.awt.AWTEvent;
import java.awt.Button;
import java.awt.Choice;
import java.awt.Component;
import java.awt.TextField;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The "NiT Generate..." dialog, in ImageJ's idiom (one GenericDialog, a second one for the
 * sampler settings), disclosing a part only when it applies ({@link GenerateForm} holds the rules):
 * the prompt with the class it picks, live, and "Browse classes..."; the size with aspect buttons
 * (or the start image's); images; the seed and "Reuse last seed"; the model; the presets its card
 * has, with what the preset runs, and "Advanced..." for the custom one; device, precision, output
 * and previews last. OK stays off while the input cannot run, with the whole reason shown. The
 * macro keys and the recorded line are those of a macro: the fields go through the same parsers.
 */
final class GenerateDialog implements DialogListener {
    /** The README's section on this dialog and its macro keys (the dialog's Help button opens it). */
    static final String HELP_URL = "https://github.com/nitfiji/NiT_Fiji#fiji";
    /** Wrapped messages are at most this many characters wide. */
    private static final int COLUMNS = 64;
    private static final String NOISE = "noise";
    private static final String[] PRECISIONS = {"auto", "fp32", "fp16", "bf16"};
    /** Preview choices as shown, and the preference value of each. */
    private static final String[] PREVIEWS = {"auto", "off", "every step", "every 2 steps", "every 5 steps",
        "every 10 steps", "every 20 steps"};
    private static final String[] PREVIEW_VALUES = {"auto", "off", "1", "2", "5", "10", "20"};

    private final Map<Setting, Component> fields = new EnumMap<>(Setting.class);
    private final WrappedText classLine = new WrappedText(COLUMNS);
    private final WrappedText sizeLine = new WrappedText(COLUMNS);
    private final WrappedText samplingLine = new WrappedText(COLUMNS);
    private final WrappedText outputLine = new WrappedText(COLUMNS);
    private final WrappedText problems = new WrappedText(COLUMNS);
    private Button browse;
    private Button advanced;
    private GenericDialog gd;
    private DialogRows rows;
    private GenerateForm form;
    private OfferedModels models;
    private boolean gpu;
    private String shownModel;
    private Choice previews;

    /**
     * Shows the dialog and returns the options, or null when cancelled.
     *
     * @param ids installed generating model ids, the default first
     * @param devices device choices (auto, cpu, gpu:i ...)
     * @param openImages titles of the open images (none: no "Start from")
     * @throws ModelException when the models folder's cards cannot be read
     */
    GenerateOptions show(GenerateOptions initial, List<String> ids, List<String> devices, String[] openImages)
            throws ModelException {
        models = new OfferedModels(ModelStore.openDefault().catalog());
        gpu = devices.stream().anyMatch(d -> d.startsWith("gpu") || d.equals("mps"));
        form = new GenerateForm(initial);
        if (!ids.contains(form.get(Setting.MODEL))) {
            form.set(Setting.MODEL, ids.get(0));
        }
        gd = new GenericDialog("NiT Generate");
        gd.addHelp(HELP_URL);
        rows = new DialogRows(gd);
        addStart(openImages);
        gd.addStringField("Prompt", form.get(Setting.PROMPT), 32);
        field(Setting.PROMPT, gd.getStringFields());
        rows.mark("prompt");
        browse = new Button("Browse classes...");
        browse.addActionListener(e -> browseClasses());
        rows.addUnderFields(browse, classLine);
        rows.mark("classes");
        addSize();
        gd.addNumericField("Images", 1, 0, 4, "per prompt");
        DialogRows.text(field(Setting.IMAGES, gd.getNumericFields()), form.get(Setting.IMAGES));
        rows.mark("images");
        addSeed();
        gd.addChoice("Model", ids.toArray(new String[0]), form.get(Setting.MODEL));
        field(Setting.MODEL, gd.getChoices());
        ModelGuide.speedAdvice(ids, models.catalog()).ifPresent(gd::addMessage);
        rows.mark("model");
        gd.addChoice("Preset", new String[] {form.get(Setting.PRESET)}, form.get(Setting.PRESET));
        field(Setting.PRESET, gd.getChoices());
        advanced = new Button("Advanced...");
        advanced.addActionListener(e -> advancedSettings());
        rows.addUnderFields(advanced, samplingLine);
        rows.mark("sampling");
        gd.addChoice("Device", devices.toArray(new String[0]), form.get(Setting.DEVICE));
        field(Setting.DEVICE, gd.getChoices());
        gd.addChoice("Precision", PRECISIONS, form.get(Setting.PRECISION));
        field(Setting.PRECISION, gd.getChoices());
        gd.addChoice("Output", form.outputs().toArray(new String[0]), form.output());
        field(Setting.OUTPUT, gd.getChoices());
        rows.mark("runtime");
        rows.addUnderFields(outputLine);
        rows.mark("output_line");
        String choice = IjFeedback.previewChoice();
        int shown = java.util.Arrays.asList(PREVIEW_VALUES).indexOf(choice);
        gd.addChoice("Previews", PREVIEWS, PREVIEWS[Math.max(0, shown)]);
        previews = (Choice) gd.getChoices().lastElement();
        gd.addPanel(DialogRows.row(problems));
        gd.addMessage("Images are AI-generated; each is stamped with its provenance (Image > Show Info).");
        gd.addDialogListener(this);
        rows.alignUnderFields();
        update();
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        IjFeedback.previewChoice(PREVIEW_VALUES[previews.getSelectedIndex()]);
        read();
        return form.options();
    }

    private void addStart(String[] openImages) {
        if (openImages.length == 0) {
            return;
        }
        String[] starts = new String[openImages.length + 1];
        starts[0] = NOISE;
        System.arraycopy(openImages, 0, starts, 1, openImages.length);
        boolean open = java.util.Arrays.asList(openImages).contains(form.get(Setting.SOURCE));
        gd.addChoice("Start from", starts, open ? form.get(Setting.SOURCE) : NOISE);
        field(Setting.SOURCE, gd.getChoices());
        rows.mark("source");
        gd.addNumericField("Strength", 0.6, 2, 5, "0 keeps the image, 1 = noise");
        Component strength = field(Setting.STRENGTH, gd.getNumericFields());
        if (!form.get(Setting.STRENGTH).isEmpty()) {
            DialogRows.text(strength, form.get(Setting.STRENGTH));
        }
        rows.mark("strength");
    }

    private void addSize() {
        gd.addNumericField("Width", 256, 0, 6, "px");
        DialogRows.text(field(Setting.WIDTH, gd.getNumericFields()), form.get(Setting.WIDTH));
        rows.mark("width");
        gd.addNumericField("Height", 256, 0, 6, "px");
        DialogRows.text(field(Setting.HEIGHT, gd.getNumericFields()), form.get(Setting.HEIGHT));
        rows.mark("height");
        rows.addUnderFields(AspectRatio.buttons(this::aspect));
        rows.mark("aspect");
        rows.addUnderFields(sizeLine);
        rows.mark("size_line");
    }

    private void addSeed() {
        gd.addNumericField("Seed", -1, 0, 12, "-1 = random");
        TextField seed = (TextField) field(Setting.SEED, gd.getNumericFields());
        DialogRows.text(seed, form.get(Setting.SEED)); // exact: the field is read as text, never as a double
        String last = GenerationHistory.shared().latest().map(e -> e.options.text(Setting.SEED.key())).orElse(null);
        Button reuse = new Button("Reuse last seed" + (last == null ? "" : " (" + last + ")"));
        reuse.addActionListener(e -> {
            DialogRows.text(seed, last);
            update();
        });
        reuse.setEnabled(last != null);
        rows.addUnderFields(reuse);
        rows.mark("seed");
    }

    @Override
    public boolean dialogItemChanged(GenericDialog dialog, AWTEvent e) {
        return update();
    }

    /** Reads the fields, discloses what applies, shows the class, the preset's settings and why OK is off. */
    private boolean update() {
        read();
        modelChanged();
        boolean image = form.fromImage();
        rows.show("strength", form.showsStrength());
        for (String row : new String[] {"width", "height", "aspect"}) {
            rows.show(row, form.showsSize());
        }
        rows.show("size_line", image);
        rows.show("output_line", image);
        rows.show(browse, form.showsClasses());
        rows.show(advanced, form.custom());
        DialogRows.fill((Choice) fields.get(Setting.OUTPUT), form.outputs(), form.output());
        ImagePlus source = image ? WindowManager.getImage(form.get(Setting.SOURCE)) : null;
        if (source != null) {
            message(sizeLine, "Size: the image's, " + source.getWidth() + " x " + source.getHeight() + " px");
            message(outputLine, "\u2192 " + SourceType.of(source, FijiSources.Slices.CURRENT)
                    .describe(ImageOutput.parse(form.output(), "output")));
        }
        GenerateFeedback feedback = GenerateFeedback.of(form, models.classes(form.get(Setting.MODEL)), PREVIEW_VALUES[previews.getSelectedIndex()],
                gpu);
        message(classLine, feedback.classLine);
        message(samplingLine, feedback.sampling);
        message(problems, feedback.problems);
        boolean valid = feedback.valid;
        rows.pack();
        return valid;
    }

    /** When the model changed: its family's presets and rules. */
    private void modelChanged() {
        String id = form.get(Setting.MODEL);
        if (!id.equals(shownModel)) {
            shownModel = id;
            form.model(models.family(id), models.card(id));
            DialogRows.fill((Choice) fields.get(Setting.PRESET), form.presets(), form.get(Setting.PRESET));
        }
    }

    private void browseClasses() {
        ClassMatcher matcher = models.classes(form.get(Setting.MODEL));
        if (matcher == null) {
            return;
        }
        String prompt = ClassBrowser.choose(matcher, form.get(Setting.MODEL), "");
        if (prompt != null) {
            DialogRows.text(fields.get(Setting.PROMPT), prompt);
            update();
        }
    }

    private void advancedSettings() {
        read();
        Map<Setting, String> now = GenerateFeedback.samplerNow(form);
        Map<Setting, String> confirmed = AdvancedDialog.show(form.get(Setting.MODEL), form.advancedSettings(), now);
        if (confirmed != null) {
            form.advanced(confirmed);
            update();
        }
    }

    private void aspect(AspectRatio ratio) {
        try {
            int width = (Integer) Setting.WIDTH.type().parse(((TextField) fields.get(Setting.WIDTH)).getText(), "width");
            DialogRows.text(fields.get(Setting.HEIGHT), Integer.toString(ratio.heightFor(width)));
        } catch (IllegalArgumentException ex) {
            message(problems, "OK is off: " + ex.getMessage());
            rows.pack();
            return;
        }
        update();
    }

    /** The fields' text into the form (the first "Start from" entry means noise). */
    private void read() {
        fields.forEach((s, c) -> {
            if (s == Setting.SOURCE) {
                Choice start = (Choice) c;
                form.set(s, start.getSelectedIndex() == 0 ? "" : start.getSelectedItem());
            } else {
                form.set(s, c instanceof Choice ? ((Choice) c).getSelectedItem() : ((TextField) c).getText());
            }
        });
    }

    private void message(WrappedText line, String text) {
        if (line.setText(text)) {
            rows.resized();
        }
    }

    private Component field(Setting setting, java.util.Vector<?> added) {
        Component c = (Component) added.lastElement();
        fields.put(setting, c);
        return c;
    }
}
