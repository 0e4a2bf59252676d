package io.github.nitfiji.fiji;

import ij.Macro;
import io.github.nitfiji.fiji.source.FijiSources;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingNames;
import io.github.nitfiji.pipeline.SpecBuilder;
import io.github.nitfiji.pipeline.SpecText;
import io.github.nitfiji.source.SourceImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters of "NiT Generate...", which are also its macro API: {@link #KEYS} are the macro
 * keys, stable across versions (docs/settings.md). The options are the settings a person gave,
 * as text under their keys, each read by its setting's one parser ({@link SpecText}), the same
 * path as job files and SciJava scripts; {@link #toSpec} turns them into the spec that checks and
 * runs them, as the command line does. A setting not given keeps its default, and a sampler setting
 * means the custom preset (beside a named preset it is an error), as in every front door.
 */
public final class GenerateOptions {
    public static final String COMMAND = "NiT Generate...";
    /** The settings a macro takes, in the order the Recorder writes them. */
    public static final List<Setting> SETTINGS = List.of(Setting.PROMPT, Setting.WIDTH, Setting.HEIGHT,
            Setting.IMAGES, Setting.SEED, Setting.PRESET, Setting.SAMPLER, Setting.STEPS, Setting.CFG,
            Setting.GUIDANCE_LOW, Setting.GUIDANCE_HIGH, Setting.TIM_MODE, Setting.STOCHASTICITY, Setting.MODEL,
            Setting.DEVICE, Setting.PRECISION, Setting.EXECUTOR, Setting.OUTPUT, Setting.SOURCE, Setting.STRENGTH);
    /** The Fiji front door's own key: which slices of a source stack to start from. */
    public static final String SLICES = "slices";
    /** The macro keys, a stable API. */
    public static final List<String> KEYS = keys();
    /** The source value that means "start from noise". */
    public static final String NOISE = "";
    /** The settings that every recorded line shows, given or not (what the dialog always shows). */
    private static final List<Setting> ALWAYS = List.of(Setting.PROMPT, Setting.WIDTH, Setting.HEIGHT,
            Setting.IMAGES, Setting.PRESET);

    /** Key to text, as given (canonical text: what the setting's parser writes back). */
    private final Map<String, String> given;

    private GenerateOptions(Map<String, String> given) {
        this.given = Collections.unmodifiableMap(given);
    }

    private static List<String> keys() {
        List<String> keys = SETTINGS.stream().map(Setting::key).collect(Collectors.toCollection(ArrayList::new));
        keys.add(keys.indexOf(Setting.STRENGTH.key()) + 1, SLICES);
        keys.addAll(List.of(Setting.REFINE_TO.key(), Setting.NOISE.key(), Setting.DECODER.key()));
        return List.copyOf(keys);
    }

    public static GenerateOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options from a macro options string ({@code prompt=[golden retriever] width=768 ...}). Unknown
     * keys are an error, so a typo ({@code step=10}) cannot silently run with the default.
     *
     * @throws IllegalArgumentException naming the key, the value found and what is accepted
     */
    public static GenerateOptions parse(String macroOptions) {
        String options = macroOptions == null ? "" : macroOptions;
        List<String> unknown = new ArrayList<>();
        for (String key : MacroOptions.keys(options)) {
            if (!KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; \"" + COMMAND + "\" takes " + String.join(", ", KEYS));
        }
        Builder b = builder();
        for (String key : KEYS) {
            String value = Macro.getValue(options, key, null);
            if (value != null) {
                b.set(key, value);
            }
        }
        return b.build();
    }

    /**
     * The options of a recorded line as an image's {@code nit.command} holds it:
     * {@code run("NiT Generate...", "prompt=... seed=42 ...");}.
     *
     * @throws IllegalArgumentException for any other text (a command line, an edited line), saying what it is
     */
    public static GenerateOptions fromMacroCall(String line) {
        String t = line == null ? "" : line.trim();
        String head = "run(\"" + COMMAND + "\", \"";
        if (t.startsWith(head) && t.endsWith("\");")) {
            return parse(t.substring(head.length(), t.length() - 3));
        }
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the image has no nit.command (it was not made by NiT, or lost its"
                    + " properties when saved as PNG or JPEG outside \"NiT Save...\")");
        }
        throw new IllegalArgumentException("its nit.command is not a \"" + COMMAND + "\" macro line (the command line"
                + " made it?): " + io.github.nitfiji.io.UserText.shown(t));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.given.putAll(given);
        return b;
    }

    /** The text of {@code key} as given, or null. */
    public String text(String key) {
        return given.get(key);
    }

    /** The prompt (the default's when none is given). */
    public String prompt() {
        return given.getOrDefault(Setting.PROMPT.key(), GenerationSpec.DEFAULT_PROMPT);
    }

    /** Title of the open image to start from, or {@link #NOISE}. */
    public String source() {
        return given.getOrDefault(Setting.SOURCE.key(), NOISE);
    }

    /** current or all: the slices of a source stack to start from. */
    public String slices() {
        return given.getOrDefault(SLICES, "current");
    }

    public ImageOutput output() {
        String text = given.get(Setting.OUTPUT.key());
        return text == null ? ImageOutput.RGB : ImageOutput.parse(text, Setting.OUTPUT.key());
    }

    /** Whether these options start from an open image. */
    public boolean fromImage() {
        return !source().isEmpty();
    }

    /** The spec these options ask for from noise, checked (messages name the macro keys). */
    public GenerationSpec toSpec() {
        return toSpec(null);
    }

    /**
     * The spec that starts from {@code image} (one slice of the source; its size replaces width and
     * height), or from noise when null (the start options are still checked, so a bad value fails
     * before any image is converted).
     */
    public GenerationSpec toSpec(SourceImage image) {
        return spec(image).build();
    }

    private SpecBuilder spec(SourceImage image) {
        Map<String, String> settings = new LinkedHashMap<>(given);
        settings.remove(SLICES);
        settings.remove(Setting.SOURCE.key());
        String prompt = settings.remove(Setting.PROMPT.key());
        SpecBuilder b = GenerationSpec.builder(SettingNames.KEYS)
                .prompt(prompt != null ? prompt : GenerationSpec.DEFAULT_PROMPT);
        if (image == null && fromImage()) {
            // checked here; the source's size replaces width and height once the image is converted
            Setting.STRENGTH.type().parse(settings.getOrDefault(Setting.STRENGTH.key(), "0.6"), "strength");
            settings.remove(Setting.STRENGTH.key());
            String refine = settings.remove(Setting.REFINE_TO.key());
            if (refine != null) {
                Setting.REFINE_TO.type().parse(refine, Setting.REFINE_TO.key());
            }
            if (ImageOutput.SOURCE.id.equals(settings.get(Setting.OUTPUT.key()))) {
                settings.remove(Setting.OUTPUT.key()); // the source's type is known once it is converted
            }
        }
        return SpecText.apply(b, settings, Collections.unmodifiableList(settingsWithExtras())).source(image);
    }

    private static List<Setting> settingsWithExtras() {
        List<Setting> all = new ArrayList<>(SETTINGS);
        all.addAll(List.of(Setting.REFINE_TO, Setting.NOISE, Setting.DECODER));
        return all;
    }

    /**
     * The options that regenerate {@code spec} exactly as it ran (a prepared spec: seed and model
     * filled in): every setting it was given, and the few a dialog always shows.
     */
    public static GenerateOptions of(GenerationSpec spec) {
        Builder b = builder();
        for (Setting s : settingsWithExtras()) {
            if (s == Setting.PROMPT || s == Setting.SOURCE) {
                continue;
            }
            String text = spec.given().contains(s) ? spec.text(s) : ALWAYS.contains(s) ? defaultText(spec, s) : null;
            if (text != null) {
                b.given.put(s.key(), text);
            }
        }
        b.given.put(Setting.PROMPT.key(), spec.prompt() != null ? spec.prompt() : GenerationSpec.DEFAULT_PROMPT);
        if (spec.source() != null) {
            b.given.put(Setting.SOURCE.key(), spec.source().title);
        }
        return b.build();
    }

    private static String defaultText(GenerationSpec spec, Setting s) {
        switch (s) {
            case WIDTH:
                return spec.source() != null ? null : Integer.toString(spec.width());
            case HEIGHT:
                return spec.source() != null ? null : Integer.toString(spec.height());
            case IMAGES:
                return Integer.toString(spec.images());
            case PRESET:
                return spec.preset().id();
            default:
                return null;
        }
    }

    /** Every option given, as macro text, in {@link #KEYS} order. */
    public Map<String, String> macroValues() {
        Map<String, String> v = new LinkedHashMap<>();
        for (String key : KEYS) {
            if (given.containsKey(key)) {
                v.put(key, given.get(key));
            }
        }
        return v;
    }

    /** The options string of {@code run("NiT Generate...", "...")}. */
    public String toMacroOptions() {
        return MacroOptions.format(macroValues());
    }

    /** The macro line that runs these options. */
    public String macroCall() {
        return "run(\"" + COMMAND + "\", \"" + toMacroOptions() + "\");";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerateOptions && macroValues().equals(((GenerateOptions) o).macroValues());
    }

    @Override
    public int hashCode() {
        return macroValues().hashCode();
    }

    @Override
    public String toString() {
        return toMacroOptions();
    }

    /** Collects options as text; {@link #set} reads macro or dialog text through the setting's parser. */
    public static final class Builder {
        private final Map<String, String> given = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets one option from its macro key and text, as typed in a macro, a dialog field or a
         * SciJava parameter; empty text means the default.
         */
        public Builder set(String key, String text) {
            String t = text == null ? "" : text.trim();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option " + key + "; \"" + COMMAND + "\" takes "
                        + String.join(", ", KEYS));
            }
            if (t.isEmpty() && !key.equals(Setting.PROMPT.key()) || key.equals(Setting.SEED.key()) && t.equals("-1")) {
                given.remove(key);
                return this;
            }
            if (key.equals(SLICES)) {
                given.put(key, FijiSources.Slices.parse(t).name().toLowerCase(Locale.ROOT));
            } else if (key.equals(Setting.SOURCE.key()) || key.equals(Setting.PROMPT.key())) {
                given.put(key, t);
            } else {
                Setting setting = Setting.ofKey(key);
                given.put(key, format(setting, setting.type().parse(t, key)));
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        private static String format(Setting setting, Object value) {
            return ((io.github.nitfiji.pipeline.SettingType<Object>) setting.type()).format(value);
        }

        public Builder prompt(String text) {
            return set(Setting.PROMPT.key(), text);
        }

        /** The title of an open image to start from; null or empty starts from noise. */
        public Builder source(String title) {
            return set(Setting.SOURCE.key(), title);
        }

        /** The options, checked by the spec they make (one rule set for every front door). */
        public GenerateOptions build() {
            GenerateOptions options = new GenerateOptions(new LinkedHashMap<>(given));
            options.toSpec();
            return options;
        }
    }
}
