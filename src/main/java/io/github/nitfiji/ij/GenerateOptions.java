package io.github.nitfiji.ij;

import ij.Macro;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.Precision;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of "NiT Generate...", which are also its macro API: {@link #KEYS} are the macro
 * keys, stable across versions (README, "Macro keys"). One value object serves the macro path
 * ({@link #parse}), the dialog and the SciJava command, and every text value goes through
 * {@link Builder#set}, so each front door accepts and rejects exactly the same input.
 */
public final class GenerateOptions {
    public static final String COMMAND = "NiT Generate...";
    public static final List<String> KEYS = List.of("prompt", "width", "height", "images", "seed", "preset",
            "sampler", "steps", "cfg", "guidance_low", "guidance_high", "model", "device", "precision", "output");

    /** What the images are made of. */
    public enum Output {
        /** One 8-bit RGB slice per image. */
        RGB("RGB"),
        /** A hyperstack of 32-bit R, G, B channels in [0, 1] (about: the decoder may overshoot). */
        FLOAT32("32-bit");

        public final String id;

        Output(String id) {
            this.id = id;
        }

        public static Output parse(String text) {
            for (Output o : values()) {
                if (o.id.equalsIgnoreCase(text.trim())) {
                    return o;
                }
            }
            throw new IllegalArgumentException("output '" + text + "' is unknown; use RGB or 32-bit");
        }
    }

    public final String prompt;
    public final int width;
    public final int height;
    public final int images;
    /** Seed of the first image (image i uses seed + i); -1 = choose one at random. */
    public final long seed;
    public final Preset preset;
    /** Sampler, steps, CFG and guidance interval: used with the custom preset only. */
    public final SamplerKind sampler;
    public final int steps;
    public final double cfg;
    public final double guidanceLow;
    public final double guidanceHigh;
    /** Model id, or null for the default (NiT-XL when installed, else the bundled smoke-test model). */
    public final String model;
    /** auto, cpu, gpu or gpu:N. */
    public final String device;
    public final Precision precision;
    public final Output output;

    private GenerateOptions(Builder b) {
        prompt = b.prompt;
        width = b.width;
        height = b.height;
        images = b.images;
        seed = b.seed;
        preset = b.preset;
        sampler = b.sampler;
        steps = b.steps;
        cfg = b.cfg;
        guidanceLow = b.guidanceLow;
        guidanceHigh = b.guidanceHigh;
        model = b.model;
        device = b.device;
        precision = b.precision;
        output = b.output;
    }

    public static GenerateOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options from a macro options string ({@code prompt=[golden retriever] width=768 ...}).
     * Missing keys keep their defaults, as in any ImageJ dialog; unknown keys are an error, so a
     * typo ({@code step=10}) cannot silently run with the default.
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

    public Builder toBuilder() {
        Builder b = new Builder();
        b.prompt = prompt;
        b.width = width;
        b.height = height;
        b.images = images;
        b.seed = seed;
        b.preset = preset;
        b.sampler = sampler;
        b.steps = steps;
        b.cfg = cfg;
        b.guidanceLow = guidanceLow;
        b.guidanceHigh = guidanceHigh;
        b.model = model;
        b.device = device;
        b.precision = precision;
        b.output = output;
        return b;
    }

    /** The sampler settings that run: the preset's for this size, or the custom fields. */
    public SamplerSettings samplerSettings() {
        return preset == Preset.CUSTOM ? new SamplerSettings(sampler, steps, cfg, guidanceLow, guidanceHigh)
                : preset.settingsFor(width, height);
    }

    /** The request for {@code images} images of one class; validates the size (GenerationRequest's rules). */
    public GenerationRequest request(int classIndex) {
        int[] classes = new int[images];
        Arrays.fill(classes, classIndex);
        GenerationRequest.Builder b = GenerationRequest.builder().classes(classes).imageSize(width, height);
        return b.sampler(samplerSettings()).seed(seed < 0 ? null : seed).build();
    }

    /** Every option as macro text, in {@link #KEYS} order (the model only when one is named). */
    public Map<String, String> macroValues() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("prompt", prompt);
        v.put("width", Integer.toString(width));
        v.put("height", Integer.toString(height));
        v.put("images", Integer.toString(images));
        v.put("seed", Long.toString(seed));
        v.put("preset", preset.id());
        v.put("sampler", sampler.id());
        v.put("steps", Integer.toString(steps));
        v.put("cfg", MacroOptions.number(cfg));
        v.put("guidance_low", MacroOptions.number(guidanceLow));
        v.put("guidance_high", MacroOptions.number(guidanceHigh));
        if (model != null) {
            v.put("model", model);
        }
        v.put("device", device);
        v.put("precision", precision.name().toLowerCase(Locale.ROOT));
        v.put("output", output.id);
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

    /** Collects options; {@link #set} turns macro or dialog text into values, naming the key on error. */
    public static final class Builder {
        private String prompt = "golden retriever";
        private int width = 256;
        private int height = 256;
        private int images = 1;
        private long seed = -1;
        private Preset preset = Preset.FAST;
        private SamplerKind sampler = SamplerKind.ODE;
        private int steps = 50;
        private double cfg = 3.0;
        private double guidanceLow = 0;
        private double guidanceHigh = 0.7;
        private String model;
        private String device = "auto";
        private Precision precision = Precision.AUTO;
        private Output output = Output.RGB;

        private Builder() {
        }

        /** Sets one option from its macro key and text, as typed in a macro or a dialog field. */
        public Builder set(String key, String text) {
            String t = text == null ? "" : text.trim();
            switch (key) {
                case "prompt":
                    return prompt(t);
                case "width":
                    width = whole(key, t);
                    return this;
                case "height":
                    height = whole(key, t);
                    return this;
                case "images":
                    images = whole(key, t);
                    return this;
                case "seed":
                    return seed(t.isEmpty() ? -1 : seedNumber(t));
                case "preset":
                    preset = Preset.parse(t);
                    return this;
                case "sampler":
                    sampler = SamplerKind.parse(t);
                    return this;
                case "steps":
                    steps = whole(key, t);
                    return this;
                case "cfg":
                    cfg = number(key, t);
                    return this;
                case "guidance_low":
                    guidanceLow = number(key, t);
                    return this;
                case "guidance_high":
                    guidanceHigh = number(key, t);
                    return this;
                case "model":
                    return model(t);
                case "device":
                    device = DeviceChoice.check(t);
                    return this;
                case "precision":
                    precision = Precision.parse(t);
                    return this;
                case "output":
                    output = Output.parse(t);
                    return this;
                default:
                    throw new IllegalArgumentException("unknown option " + key + "; \"" + COMMAND + "\" takes "
                            + String.join(", ", KEYS));
            }
        }

        public Builder prompt(String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("prompt is empty; give an ImageNet class name (e.g. golden "
                        + "retriever), a class index 0-999 or a WordNet id (e.g. n02099601)");
            }
            prompt = text.trim();
            return this;
        }

        /** Seed of the first image; negative means random. */
        public Builder seed(long value) {
            seed = value < 0 ? -1 : value;
            return this;
        }

        /** A model id; null or empty means the default. */
        public Builder model(String id) {
            model = id == null || id.isBlank() ? null : id.trim();
            return this;
        }

        public GenerateOptions build() {
            if (images < 1 || images > GenerationRequest.MAX_IMAGES) {
                throw new IllegalArgumentException("images must be 1.." + GenerationRequest.MAX_IMAGES + ", found "
                        + images);
            }
            GenerateOptions options = new GenerateOptions(this);
            if (preset == Preset.CUSTOM) {
                options.samplerSettings(); // validates steps, CFG and the interval now, not after loading
            }
            return options;
        }

        private static int whole(String key, String text) {
            double value = number(key, text);
            if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(key + "=" + text + " must be a whole number");
            }
            return (int) value;
        }

        private static long seedNumber(String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seed=" + text + " must be a whole number (empty or -1 = random)");
            }
        }

        private static double number(String key, String text) {
            try {
                double value = Double.parseDouble(text);
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(key + "=" + text + " is not a number");
        }
    }
}
