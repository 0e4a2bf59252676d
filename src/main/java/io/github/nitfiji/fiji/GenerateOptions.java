package io.github.nitfiji.fiji;

import ij.Macro;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.Executor;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.Precision;
import io.github.nitfiji.EnumIds;
import io.github.nitfiji.fiji.source.FijiSources;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingText;
import io.github.nitfiji.pipeline.SourceImage;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.TransitionMode;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of "NiT Generate...", which are also its macro API: {@link #KEYS} are the macro
 * keys, stable across versions (README, "Macro keys"). One value object serves the macro path
 * ({@link #parse}), the dialog and the SciJava command, and every text value goes through
 * {@link Builder#set}; {@link #toSpec} turns the options into the {@link GenerationSpec} that
 * checks and runs them, as it does for the command line.
 */
public final class GenerateOptions {
    public static final String COMMAND = "NiT Generate...";
    /** The seed that means "choose one at random" (as does an empty seed). */
    public static final long RANDOM_SEED = -1;
    public static final List<String> KEYS = List.of("prompt", "width", "height", "images", "seed", "preset",
            "sampler", "steps", "cfg", "guidance_low", "guidance_high", "tim_mode", "stochasticity", "model", "device",
            "precision", "executor", "output", "source", "strength", "slices", "refine_to", "noise");
    /** The source value that means "start from noise". */
    public static final String NOISE = "";

    public final String prompt;
    public final int width;
    public final int height;
    public final int images;
    /** Seed of the first image (image i uses seed + i); {@link #RANDOM_SEED} = choose one at random. */
    public final long seed;
    public final Preset preset;
    /** Sampler, steps, CFG and guidance interval: used with the custom preset only. */
    public final SamplerKind sampler;
    public final int steps;
    public final double cfg;
    public final double guidanceLow;
    public final double guidanceHigh;
    /** TiM's sampler mode (transition or ddiffusion; custom preset, TiM models), or "" for the default. */
    public final String timMode;
    /** TiM's stochasticity 0..1 (custom preset, TiM models), or null for the default (0). */
    public final Double stochasticity;
    /** Model id, or null for the default (NiT-XL when installed, else the bundled smoke-test model). */
    public final String model;
    /** auto, cpu, gpu, gpu:N or mps. */
    public final String device;
    public final Precision precision;
    /** How NiT runs (auto, eager or script); recorded only when not auto. */
    public final Executor executor;
    public final ImageOutput output;
    /** Title of the open image to start from, or {@link #NOISE}; width and height then come from it. */
    public final String source;
    /** Image-to-image strength 0..1, or null for the default (0.6; 0.4 when refining). */
    public final Double strength;
    /** current or all (the slices of a source stack to start from). */
    public final String slices;
    /** WxH to refine the source to, or "" for none. */
    public final String refineTo;
    /** A safetensors file with the initial noise (tensor 'noise' [B*h*w, C]) instead of the seed, or "". */
    public final String noise;

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
        timMode = b.timMode;
        stochasticity = b.stochasticity;
        model = b.model;
        device = b.device;
        precision = b.precision;
        executor = b.executor;
        output = b.output;
        source = b.source;
        strength = b.strength;
        slices = b.slices;
        refineTo = b.refineTo;
        noise = b.noise;
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
        b.timMode = timMode;
        b.stochasticity = stochasticity;
        b.model = model;
        b.device = device;
        b.precision = precision;
        b.executor = executor;
        b.output = output;
        b.source = source;
        b.strength = strength;
        b.slices = slices;
        b.refineTo = refineTo;
        b.noise = noise;
        return b;
    }

    /** Whether these options start from an open image. */
    public boolean fromImage() {
        return !source.isEmpty();
    }

    /**
     * The spec these options ask for, checked (messages name the macro keys). The custom sampler
     * fields count only with {@code preset=custom}: with another preset a recorded line carries
     * that preset's values, which must not turn into a conflict.
     */
    public GenerationSpec toSpec() {
        return toSpec(null);
    }

    /**
     * The spec that starts from {@code image} (one slice of the source; its size replaces width
     * and height), or from noise when null. The source's own checks (strength, refine size) run
     * here, so a bad value fails before any image is converted.
     */
    public GenerationSpec toSpec(SourceImage image) {
        GenerationSpec.Builder b = GenerationSpec.builder(Setting.Names.KEYS).prompt(prompt).images(images)
                .seed(seed == RANDOM_SEED ? null : seed).preset(preset.id())
                .model(model).device(device).precision(precision.name()).executor(executor.id()).output(output)
                .timMode(timMode).stochasticity(stochasticity).noise(noise.isEmpty() ? null : Paths.get(noise));
        if (image == null) {
            b.width(width).height(height);
            if (fromImage()) {
                checkStartOptions();
            }
        } else {
            b.source(image).strength(strength).refineTo(refineTo);
        }
        if (preset == Preset.CUSTOM) {
            b.sampler(sampler.id()).steps(steps).cfg(cfg).guidanceInterval(guidanceLow, guidanceHigh);
        }
        return b.build();
    }

    private void checkStartOptions() {
        if (strength != null && !(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength " + MacroOptions.number(strength) + " is outside 0..1"
                    + " (0 keeps the image, 1 starts from pure noise)");
        }
        GenerationSpec.builder(Setting.Names.KEYS).prompt(prompt).refineTo(refineTo);
    }

    /** The options of a spec (a prepared one regenerates its images). */
    public static GenerateOptions of(GenerationSpec spec) {
        Builder b = builder();
        b.prompt = spec.prompt();
        b.width = spec.width();
        b.height = spec.height();
        b.images = spec.images();
        b.seed = spec.seed() == null ? RANDOM_SEED : spec.seed();
        b.preset = spec.preset();
        b.sampler = spec.sampler();
        b.steps = spec.steps();
        b.cfg = spec.cfg();
        b.guidanceLow = spec.guidanceLow();
        b.guidanceHigh = spec.guidanceHigh();
        b.timMode = spec.timMode() == null ? "" : spec.timMode().id();
        b.stochasticity = spec.stochasticity();
        b.noise = spec.noise() == null ? "" : spec.noise().toString();
        b.model = spec.model();
        b.device = spec.device();
        b.precision = spec.precision();
        b.executor = spec.executor();
        b.output = spec.output();
        if (spec.source() != null) {
            b.source = spec.source().title;
            b.strength = spec.strength();
            int[] refine = spec.refineTo();
            b.refineTo = refine == null ? "" : refine[0] + "x" + refine[1];
        }
        return b.build();
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
        if (!timMode.isEmpty()) {
            v.put("tim_mode", timMode);
        }
        if (stochasticity != null) {
            v.put("stochasticity", MacroOptions.number(stochasticity));
        }
        if (model != null) {
            v.put("model", model);
        }
        v.put("device", device);
        v.put("precision", precision.name().toLowerCase(Locale.ROOT));
        if (executor != Executor.AUTO) {
            v.put("executor", executor.id());
        }
        v.put("output", output.id);
        if (!noise.isEmpty()) {
            v.put("noise", noise);
        }
        if (fromImage()) {
            v.remove("width");
            v.remove("height");
            v.put("source", source);
            if (strength != null) {
                v.put("strength", MacroOptions.number(strength));
            }
            v.put("slices", slices);
            if (!refineTo.isEmpty()) {
                v.put("refine_to", refineTo);
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

    /** Collects options; {@link #set} turns macro or dialog text into values, naming the key on error. */
    public static final class Builder {
        private String prompt = GenerationSpec.DEFAULT_PROMPT;
        private int width = GenerationSpec.DEFAULT_SIDE;
        private int height = GenerationSpec.DEFAULT_SIDE;
        private int images = 1;
        private long seed = RANDOM_SEED;
        private Preset preset = Preset.FAST;
        private SamplerKind sampler = GenerationSpec.DEFAULT_SAMPLER;
        private int steps = GenerationSpec.DEFAULT_STEPS;
        private double cfg = GenerationSpec.DEFAULT_CFG;
        private double guidanceLow = GenerationSpec.DEFAULT_GUIDANCE_LOW;
        private double guidanceHigh = GenerationSpec.DEFAULT_GUIDANCE_HIGH;
        private String timMode = "";
        private Double stochasticity;
        private String model;
        private String device = "auto";
        private Precision precision = Precision.AUTO;
        private Executor executor = Executor.AUTO;
        private ImageOutput output = ImageOutput.RGB;
        private String source = NOISE;
        private Double strength;
        private String slices = "current";
        private String refineTo = "";
        private String noise = "";

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
                    return seed(t.isEmpty() ? RANDOM_SEED : seedNumber(t));
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
                case "tim_mode":
                    timMode = t.isEmpty() ? "" : EnumIds.parse(TransitionMode.class, t, key).id();
                    return this;
                case "stochasticity":
                    stochasticity = t.isEmpty() ? null : number(key, t);
                    return this;
                case "noise":
                    noise = t;
                    return this;
                case "model":
                    return model(t);
                case "device":
                    device = DeviceChoice.check(t);
                    return this;
                case "precision":
                    precision = Precision.parse(t);
                    return this;
                case "executor":
                    executor = Executor.parse(t);
                    return this;
                case "output":
                    output = ImageOutput.parse(t, key);
                    return this;
                case "source":
                    return source(t);
                case "strength":
                    strength = t.isEmpty() ? null : number(key, t);
                    return this;
                case "slices":
                    slices = FijiSources.Slices.parse(t).name().toLowerCase(Locale.ROOT);
                    return this;
                case "refine_to":
                    refineTo = t;
                    return this;
                default:
                    throw new IllegalArgumentException("unknown option " + key + "; \"" + COMMAND + "\" takes "
                            + String.join(", ", KEYS));
            }
        }

        public Builder prompt(String text) {
            prompt = text == null ? "" : text.trim();
            return this;
        }

        /** Seed of the first image; -1 means random, other negative seeds are refused by {@link #build}. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** The title of an open image to start from; null or empty starts from noise. */
        public Builder source(String title) {
            source = title == null ? NOISE : title.trim();
            return this;
        }

        /** A model id; null or empty means the default. */
        public Builder model(String id) {
            model = id == null || id.isBlank() ? null : id.trim();
            return this;
        }

        /** The options, checked by the spec they make (one rule set for every front door). */
        public GenerateOptions build() {
            GenerateOptions options = new GenerateOptions(this);
            options.toSpec();
            return options;
        }

        private static int whole(String key, String text) {
            return SettingText.whole(key, text);
        }

        private static long seedNumber(String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seed=" + text + " must be a whole number (empty or -1 = random)");
            }
        }

        private static double number(String key, String text) {
            return SettingText.number(key, text);
        }
    }
}
