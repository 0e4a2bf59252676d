package io.github.nitfiji.fiji.ij;

import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.labels.ClassMatch;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.UnknownClassException;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.ModelFamily;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.sampling.Preset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "NiT Generate..." dialog as data: what it shows for the current choices (progressive
 * disclosure) and the options its fields give. No AWT, so every rule is tested without a screen;
 * {@link GenerateDialog} draws it and reads the fields into it.
 *
 * <p>The rules: a size only when starting from noise (an image gives its own), a strength only
 * when starting from an image; the class line and "Browse classes..." only for a class model;
 * the presets the model's card has; "Advanced..." only for the custom preset, with the sampler
 * settings the model's family takes; the output "source" only when starting from an image. The
 * options hold only what is shown, so a hidden field never runs, and a sampler setting is given
 * only with the custom preset (beside a named preset it would be an error).
 */
final class GenerateForm {
    /** The fields of the main dialog, by macro key (source: an open image's title, or empty for noise). */
    static final List<Setting> FIELDS = List.of(Setting.PROMPT, Setting.SOURCE, Setting.STRENGTH, Setting.WIDTH,
            Setting.HEIGHT, Setting.IMAGES, Setting.SEED, Setting.MODEL, Setting.PRESET, Setting.DEVICE,
            Setting.PRECISION, Setting.OUTPUT);

    private final Map<Setting, String> fields = new EnumMap<>(Setting.class);
    /** The sampler settings confirmed in "Advanced...", as text. */
    private final Map<Setting, String> advanced = new EnumMap<>(Setting.class);
    private ModelFamily family;
    private ModelCard card;

    /** The form showing {@code initial} (the previous run's options, or a history entry's). */
    GenerateForm(GenerateOptions initial) {
        GenerationSpec spec = initial.toSpec();
        for (Setting s : FIELDS) {
            String text = initial.text(s.key());
            fields.put(s, text != null ? text : "");
        }
        fields.put(Setting.PROMPT, initial.prompt());
        fields.put(Setting.WIDTH, Integer.toString(spec.width()));
        fields.put(Setting.HEIGHT, Integer.toString(spec.height()));
        fields.put(Setting.IMAGES, Integer.toString(spec.images()));
        fields.put(Setting.SEED, or(initial.text(Setting.SEED.key()), "-1"));
        fields.put(Setting.PRESET, spec.preset().id());
        fields.put(Setting.DEVICE, spec.device());
        fields.put(Setting.PRECISION, or(initial.text(Setting.PRECISION.key()), "auto"));
        fields.put(Setting.OUTPUT, initial.output().id);
        for (Setting s : Setting.CUSTOM_SAMPLING) {
            if (initial.text(s.key()) != null) {
                advanced.put(s, initial.text(s.key()));
            }
        }
    }

    private static String or(String text, String fallback) {
        return text != null ? text : fallback;
    }

    /** A field's text as typed or chosen ("" for none). */
    String get(Setting field) {
        return fields.getOrDefault(field, "");
    }

    void set(Setting field, String text) {
        if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException(field.key() + " is not a field of the dialog");
        }
        fields.put(field, text == null ? "" : text.trim());
    }

    /** The chosen model's family and card (null when its card cannot be read: the options then say why). */
    void model(ModelFamily family, ModelCard card) {
        this.family = family;
        this.card = card;
        List<String> presets = presets();
        if (!presets.contains(get(Setting.PRESET))) {
            fields.put(Setting.PRESET, presets.contains(Preset.FAST.id()) ? Preset.FAST.id() : presets.get(0));
        }
    }

    boolean fromImage() {
        return !get(Setting.SOURCE).isEmpty();
    }

    boolean showsSize() {
        return !fromImage();
    }

    boolean showsStrength() {
        return fromImage();
    }

    /** Whether the prompt is matched to a class (and "Browse classes..." is offered): a class model. */
    boolean showsClasses() {
        return family == null || !family.readsText();
    }

    /** The presets of the chosen model's card (custom last). */
    List<String> presets() {
        List<String> ids = new ArrayList<>();
        if (family == null) {
            ids.add(Preset.FAST.id());
            ids.add(Preset.CUSTOM.id());
            return ids;
        }
        family.presets(card).forEach(p -> ids.add(p.id()));
        return ids;
    }

    boolean custom() {
        return Preset.CUSTOM.id().equals(get(Setting.PRESET));
    }

    /** The sampler settings "Advanced..." offers: with the custom preset, those the model's family takes. */
    List<Setting> advancedSettings() {
        List<Setting> shown = new ArrayList<>();
        if (!custom()) {
            return shown;
        }
        for (Setting s : Setting.CUSTOM_SAMPLING) {
            if (family == null || family.accepts(s)) {
                shown.add(s);
            }
        }
        return shown;
    }

    /** The sampler settings confirmed in "Advanced..." (kept when the preset changes, used with custom only). */
    Map<Setting, String> advanced() {
        return new LinkedHashMap<>(advanced);
    }

    void advanced(Map<Setting, String> confirmed) {
        confirmed.forEach((s, text) -> {
            if (!Setting.CUSTOM_SAMPLING.contains(s)) {
                throw new IllegalArgumentException(s.key() + " is not a sampler setting");
            }
            advanced.put(s, text);
        });
    }

    /** The output choices: "source" only when starting from an image. */
    List<String> outputs() {
        List<String> outputs = new ArrayList<>(List.of(ImageOutput.RGB.id, ImageOutput.FLOAT32.id));
        if (fromImage()) {
            outputs.add(ImageOutput.SOURCE.id);
        }
        return outputs;
    }

    /** The chosen output, RGB when "source" is chosen but no image is. */
    String output() {
        return outputs().contains(get(Setting.OUTPUT)) ? get(Setting.OUTPUT) : ImageOutput.RGB.id;
    }

    /**
     * The options of what is shown, through the macro path (each setting's one parser, then every
     * rule of the spec).
     *
     * @throws IllegalArgumentException naming the first field that is not valid
     */
    GenerateOptions options() {
        GenerateOptions.Builder b = GenerateOptions.builder().prompt(get(Setting.PROMPT));
        if (fromImage()) {
            b.source(get(Setting.SOURCE)).set(Setting.STRENGTH.key(), get(Setting.STRENGTH));
        } else {
            b.set(Setting.WIDTH.key(), get(Setting.WIDTH)).set(Setting.HEIGHT.key(), get(Setting.HEIGHT));
        }
        for (Setting s : List.of(Setting.IMAGES, Setting.SEED, Setting.MODEL, Setting.PRESET)) {
            b.set(s.key(), get(s));
        }
        for (Setting s : advancedSettings()) {
            b.set(s.key(), advanced.getOrDefault(s, ""));
        }
        b.set(Setting.DEVICE.key(), get(Setting.DEVICE)).set(Setting.PRECISION.key(), get(Setting.PRECISION));
        return b.set(Setting.OUTPUT.key(), output()).build();
    }

    /** The line under the prompt: the class it picks, or why it picks none; for a text model, what it does. */
    static String classLine(ClassMatcher matcher, String prompt) {
        if (matcher == null) {
            return "\u2192 text model: the prompt is the picture's description, read as it is";
        }
        try {
            ClassMatch m = matcher.resolve(prompt);
            return "\u2192 class " + m.index() + ": " + m.name() + (m.label().isOwn() ? " (the model's own class)" : "");
        } catch (UnknownClassException e) {
            return "\u2717 " + e.getMessage();
        }
    }

    /**
     * The sampler settings a run records ({@code nit.sampler}, {@code nit.steps}, ...) as the text
     * of the settings that give them, to fill "Advanced..." with what the preset runs.
     */
    static Map<Setting, String> samplerTexts(Map<String, String> recorded) {
        Map<Setting, String> texts = new EnumMap<>(Setting.class);
        String sampler = recorded.get("nit.sampler");
        if (sampler != null && !sampler.equals("transition")) {
            texts.put(Setting.SAMPLER, sampler);
        }
        put(texts, Setting.STEPS, recorded.get("nit.steps"));
        put(texts, Setting.CFG, recorded.get("nit.cfg"));
        String interval = recorded.get("nit.guidance_interval");
        if (interval != null) {
            String[] ends = interval.split(",");
            put(texts, Setting.GUIDANCE_LOW, ends[0]);
            put(texts, Setting.GUIDANCE_HIGH, ends[1]);
        }
        put(texts, Setting.TIM_MODE, recorded.get("nit.tim_mode"));
        put(texts, Setting.STOCHASTICITY, recorded.get("nit.stochasticity"));
        return texts;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<Setting, String> texts, Setting s, String recorded) {
        if (recorded != null) {
            Object value = s.type().parse(recorded, s.key());
            texts.put(s, ((io.github.nitfiji.pipeline.SettingType<Object>) s.type()).format(value));
        }
    }

    /** "fast (smoke-test card): ode, 10 steps, CFG 2.75 on t 0-0.7", from what a run records. */
    static String describeSampling(String preset, Map<String, String> recorded) {
        Map<Setting, String> t = samplerTexts(recorded);
        String how = t.containsKey(Setting.SAMPLER) ? t.get(Setting.SAMPLER) : "TiM " + t.get(Setting.TIM_MODE);
        String cfg = "1".equals(t.get(Setting.CFG)) ? "no guidance" : "CFG " + t.get(Setting.CFG) + " on t "
                + t.get(Setting.GUIDANCE_LOW) + "-" + t.get(Setting.GUIDANCE_HIGH);
        String stochastic = t.containsKey(Setting.STOCHASTICITY) && !"0".equals(t.get(Setting.STOCHASTICITY))
                ? ", stochasticity " + t.get(Setting.STOCHASTICITY) : "";
        String steps = "1".equals(t.get(Setting.STEPS)) ? "1 step" : t.get(Setting.STEPS) + " steps";
        return preset + ": " + how + ", " + steps + ", " + cfg + stochastic;
    }
}
