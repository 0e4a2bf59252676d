package io.github.nitfiji.fiji.train;

import ij.Macro;
import io.github.nitfiji.fiji.MacroOptions;
import io.github.nitfiji.train.TrainingSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of "NiT Train...", which are also its macro API: {@link #KEYS} are the macro
 * keys (the {@code train} command's options, spelled as macro keys: {@code --token-budget} is
 * {@code token_budget}), stable across versions, plus Fiji's own {@code images} (a folder or the
 * open images) and {@code class} (how an open image names its class). The options are text under
 * their keys, as given; an option not given keeps the {@code train} command's default, so the
 * same options train the same weights in every front door. {@code resume}, {@code full} and
 * {@code flip} are flags.
 */
public final class TrainOptions {
    public static final String COMMAND = "NiT Train...";
    /** Where the images come from. */
    public static final String IMAGES = "images";
    public static final String FOLDER = "folder";
    public static final String OPEN = "open";
    /** How an open image names its class: its slice label (else its title), or always its title. */
    public static final String CLASS = "class_from";
    public static final String LABEL = "label";
    public static final String TITLE = "title";
    /** The macro keys in the order the Recorder writes them. */
    public static final List<String> KEYS = List.of(IMAGES, "data", CLASS, "base", "name", "steps", "rank", "lr",
            "preview_every", "device", "seed", "max_size", "min_size", "token_budget", "memory_budget",
            "checkpoint_every", "warmup", "alpha", "ema", "full", "flip", "run", "resume");
    static final List<String> FLAGS = List.of("full", "flip", "resume");
    /** Shown in every recorded line, given or not (what the dialog always shows). */
    private static final List<String> ALWAYS = List.of(IMAGES, "base", "name", "steps", "rank", "device");
    /** Previews per run when {@code preview_every} is not given. */
    static final int DEFAULT_PREVIEWS = 10;
    private static final Pattern FLAG = Pattern.compile("--([a-z][a-z-]*[a-z])");

    private final Map<String, String> given;

    private TrainOptions(Map<String, String> given) {
        this.given = Collections.unmodifiableMap(given);
    }

    /**
     * Options from a macro options string. Unknown keys are an error, so that a typo
     * ({@code step=10}) cannot silently train with the default.
     *
     * @throws IllegalArgumentException naming the key, the value found and what is accepted
     */
    public static TrainOptions parse(String macroOptions) {
        String options = macroOptions == null ? "" : macroOptions;
        List<String> keys = MacroOptions.keys(options);
        List<String> unknown = new ArrayList<>();
        for (String key : keys) {
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
            if (FLAGS.contains(key)) {
                b.flag(key, keys.contains(key));
            } else {
                String value = Macro.getValue(options, key, null);
                if (value != null) {
                    b.set(key, value);
                }
            }
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.given.putAll(given);
        return b;
    }

    /** The text of {@code key} as given, or null (a flag given reads "true"). */
    public String text(String key) {
        return given.get(key);
    }

    public boolean flag(String key) {
        return given.containsKey(key);
    }

    /** Whether the images are the open images (else a folder). */
    public boolean fromOpenImages() {
        return OPEN.equals(given.get(IMAGES));
    }

    /** Whether an open image's class is always its title (else its slice label where it has one). */
    public boolean classFromTitle() {
        return TITLE.equals(given.get(CLASS));
    }

    /** The settings of the run, with the {@code train} command's defaults for what is not given; checked. */
    public TrainingSettings settings() {
        TrainingSettings s = new TrainingSettings();
        s.steps = integer("steps", s.steps);
        s.rank = integer("rank", s.rank);
        s.lr = number("lr", s.lr);
        s.previewEvery = integer("preview_every", Math.max(1, s.steps / DEFAULT_PREVIEWS));
        s.seed = given.containsKey("seed") ? Long.parseLong(given.get("seed")) : s.seed;
        s.tokenBudget = integer("token_budget", s.tokenBudget);
        s.memoryBudgetBytes = (long) (number("memory_budget", 0) * 1e9);
        s.checkpointEvery = integer("checkpoint_every", s.checkpointEvery);
        s.warmupSteps = integer("warmup", s.warmupSteps);
        s.alpha = number("alpha", s.alpha);
        s.emaDecay = number("ema", s.emaDecay);
        s.full = flag("full");
        try {
            s.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(inFijiWords(e.getMessage()), e);
        }
        return s;
    }

    int integer(String key, int fallback) {
        return given.containsKey(key) ? Integer.parseInt(given.get(key)) : fallback;
    }

    double number(String key, double fallback) {
        return given.containsKey(key) ? Double.parseDouble(given.get(key)) : fallback;
    }

    /**
     * The engine's message in this front door's words: the {@code train} command's options
     * ({@code --token-budget}) become the macro keys ({@code token_budget}) that set them here.
     */
    public static String inFijiWords(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = FLAG.matcher(message);
        StringBuffer out = new StringBuffer();
        while (m.find()) {
            String key = m.group(1).replace('-', '_');
            m.appendReplacement(out, Matcher.quoteReplacement(KEYS.contains(key) ? key : m.group()));
        }
        m.appendTail(out);
        return out.toString().replace("'models list'", "Plugins > NiT > NiT Models...");
    }

    /**
     * The options that train {@code ran} again (the base that ran filled in): every option given,
     * and those a dialog always shows.
     */
    public Map<String, String> macroValues() {
        Map<String, String> v = new LinkedHashMap<>();
        for (String key : KEYS) {
            if (given.containsKey(key)) {
                v.put(key, given.get(key));
            } else if (ALWAYS.contains(key)) {
                v.put(key, defaultText(key));
            }
        }
        v.values().removeIf(java.util.Objects::isNull);
        return v;
    }

    private String defaultText(String key) {
        TrainingSettings defaults = new TrainingSettings();
        switch (key) {
            case IMAGES:
                return FOLDER;
            case "steps":
                return Integer.toString(defaults.steps);
            case "rank":
                return Integer.toString(defaults.rank);
            case "device":
                return "cpu";
            default:
                return null;
        }
    }

    /** {@link #macroValues} as the Macro Recorder takes them: a flag's value is null (a bare key). */
    public Map<String, String> recorderValues() {
        Map<String, String> v = new LinkedHashMap<>();
        macroValues().forEach((key, value) -> v.put(key, FLAGS.contains(key) ? null : value));
        return v;
    }

    /** The options string of {@code run("NiT Train...", "...")}: flags as bare keys. */
    public String toMacroOptions() {
        StringBuilder b = new StringBuilder();
        macroValues().forEach((key, value) -> {
            b.append(b.length() == 0 ? "" : " ").append(key);
            if (!FLAGS.contains(key)) {
                b.append('=').append(MacroOptions.quote(value));
            }
        });
        return b.toString();
    }

    /** The macro line that runs these options. */
    public String macroCall() {
        return "run(\"" + COMMAND + "\", \"" + toMacroOptions().replace("\\", "\\\\") + "\");";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainOptions && given.equals(((TrainOptions) o).given);
    }

    @Override
    public int hashCode() {
        return given.hashCode();
    }

    @Override
    public String toString() {
        return toMacroOptions();
    }

    /** Collects options as text, each checked as it is set; empty text means the default. */
    public static final class Builder {
        private final Map<String, String> given = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets one option from its macro key and text, as typed in a macro, a dialog field or a
         * SciJava parameter; empty text means the default ({@code false} for a flag).
         */
        public Builder set(String key, String text) {
            String t = text == null ? "" : text.trim();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option " + key + "; \"" + COMMAND + "\" takes "
                        + String.join(", ", KEYS));
            }
            if (FLAGS.contains(key)) {
                return flag(key, t.equalsIgnoreCase("true") || t.equalsIgnoreCase(key));
            }
            if (t.isEmpty()) {
                given.remove(key);
                return this;
            }
            given.put(key, TrainOptionValues.canonical(key, t));
            return this;
        }

        public Builder flag(String key, boolean on) {
            if (on) {
                given.put(key, "true");
            } else {
                given.remove(key);
            }
            return this;
        }

        public TrainOptions build() {
            TrainOptions options = new TrainOptions(new LinkedHashMap<>(given));
            options.settings(); // every number checked now, with its key
            return options;
        }
    }
}
