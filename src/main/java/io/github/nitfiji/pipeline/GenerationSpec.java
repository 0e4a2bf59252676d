package io.github.nitfiji.pipeline;

import io.github.nitfiji.EnumIds;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Everything a person can ask of one generation, with its default, checked once. Every front
 * door (macro, dialog, SciJava, command line) only translates its input into a spec and hands
 * it to {@link GenerationService}; so the same settings give the same images everywhere, and a
 * mistake gets the same message, naming the setting as that front door spells it.
 *
 * <p>Image i is drawn from seed {@code seed + i}; a spec without a seed gets a random one when it
 * is prepared, and the prepared spec (seed and model filled in) regenerates the same images.
 */
public final class GenerationSpec {
    public static final String DEFAULT_PROMPT = "golden retriever";
    public static final int DEFAULT_SIDE = 256;
    public static final SamplerKind DEFAULT_SAMPLER = SamplerKind.ODE;
    public static final int DEFAULT_STEPS = 50;
    public static final int MAX_STEPS = 10_000;
    public static final double DEFAULT_CFG = 3.0;
    public static final double DEFAULT_GUIDANCE_LOW = 0;
    public static final double DEFAULT_GUIDANCE_HIGH = 0.7;
    private static final long MB = 1L << 20;

    /** The checked values: a private copy of the builder, never changed after {@link Builder#build}. */
    private final Builder v;

    private GenerationSpec(Builder b) {
        v = new Builder(b);
    }

    /** A spec whose messages name settings as {@code names} spells them. */
    public static Builder builder(Setting.Names names) {
        return new Builder(names);
    }

    /** A builder holding this spec's values, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder(v);
        if (b.source != null) {
            // an image keeps its source's (or refine) size: the size is derived again, not given
            b.width = null;
            b.height = null;
        }
        return b;
    }

    /** The names of the front door this spec came from. */
    public Setting.Names names() {
        return v.names;
    }

    /** The text naming the class, or null when classes are given by index. */
    public String prompt() {
        return v.prompt;
    }

    /** Class indices, or null when a prompt names the class. */
    public int[] classes() {
        return v.classes == null ? null : v.classes.clone();
    }

    /** Images per class. */
    public int images() {
        return v.images;
    }

    /** Output width in pixels (32 x the latent width when a latent size was given). */
    public int width() {
        // a copied latent-size spec keeps the latent size only (so it is not given twice)
        return v.width != null ? v.width : v.latentSize.width * GenerationRequest.PIXELS_PER_LATENT;
    }

    public int height() {
        return v.height != null ? v.height : v.latentSize.height * GenerationRequest.PIXELS_PER_LATENT;
    }

    /** The latent grid, when given instead of a size in pixels; else null. */
    public LatentSize latentSize() {
        return v.latentSize;
    }

    /** The first image's seed, or null for a random one. */
    public Long seed() {
        return v.seed;
    }

    public Preset preset() {
        return v.preset;
    }

    /** The custom sampler settings (used with the custom preset only). */
    public SamplerKind sampler() {
        return v.sampler;
    }

    public int steps() {
        return v.steps;
    }

    public double cfg() {
        return v.cfg;
    }

    public double guidanceLow() {
        return v.guidanceLow;
    }

    public double guidanceHigh() {
        return v.guidanceHigh;
    }

    /** The custom sampler settings, which run with the custom preset (the others come from the model card). */
    public SamplerSettings customSettings() {
        return new SamplerSettings(v.sampler, v.steps, v.cfg, v.guidanceLow, v.guidanceHigh);
    }

    /** TiM's sampler mode as given (custom preset, TiM models only), or null. */
    public TransitionMode timMode() {
        return v.timMode;
    }

    /** TiM's stochasticity ratio as given (custom preset, TiM models only), or null. */
    public Double stochasticity() {
        return v.stochasticity;
    }

    /** The custom settings of TiM's transition sampler: mode transition and stochasticity 0 unless given. */
    public TransitionSettings customTransition() {
        return new TransitionSettings(v.steps, v.cfg, v.guidanceLow, v.guidanceHigh,
                v.timMode != null ? v.timMode : TransitionMode.TRANSITION, v.stochasticity != null ? v.stochasticity : 0);
    }

    /** Model id, or null for the default model (or when weights files are given). */
    public String model() {
        return v.model;
    }

    public Path nitWeights() {
        return v.nitWeights;
    }

    public Path nitConfig() {
        return v.nitConfig;
    }

    public Path aeWeights() {
        return v.aeWeights;
    }

    public Path aeConfig() {
        return v.aeConfig;
    }

    /** The models folder, or null for the default one. */
    public Path modelsDir() {
        return v.modelsDir;
    }

    /** auto, cpu, gpu, gpu:N or mps. */
    public String device() {
        return v.device;
    }

    public Precision precision() {
        return v.precision;
    }

    /** auto, eager or fused. */
    public String attention() {
        return v.attention;
    }

    /** How NiT runs: auto, eager or script (see {@link ExecutorChoice}). */
    public Executor executor() {
        return v.executor;
    }

    /** Peak memory a request may need, in MB, or null for the default (85 % of RAM). */
    public Long memoryBudgetMb() {
        return v.memoryBudgetMb;
    }

    /** Working memory of one decode, in MB, or null for the default. */
    public Long decodeBudgetMb() {
        return v.decodeBudgetMb;
    }

    long memoryBudgetBytes() {
        return v.memoryBudgetMb != null ? v.memoryBudgetMb * MB : MemoryPlan.defaultBudget();
    }

    long decodeBudgetBytes() {
        return v.decodeBudgetMb != null ? v.decodeBudgetMb * MB : MemoryPlan.defaultDecodeBudget();
    }

    public ImageOutput output() {
        return v.output;
    }

    /** Whether images are decoded (false: latents only). */
    public boolean decode() {
        return v.decode;
    }

    /** Initial noise file instead of the seed, or null. */
    public Path noise() {
        return v.noise;
    }

    /** SDE per-step noise file instead of the seed, or null. */
    public Path sdeNoise() {
        return v.sdeNoise;
    }

    /** The image to start from, or null to start from noise. */
    public SourceImage source() {
        return v.source;
    }

    /** Image-to-image strength as given, or null for the default (0.6; 0.4 when refining). */
    public Double strength() {
        return v.strength;
    }

    /** The refine size {width, height}, or null. */
    public int[] refineTo() {
        return v.refineTo == null ? null : v.refineTo.clone();
    }

    /** The number of images: images per class times the classes (a prompt names one). */
    public int totalImages() {
        return v.images * (v.classes == null ? 1 : v.classes.length);
    }

    InvalidSettingException invalid(Setting setting, String problem) {
        return new InvalidSettingException(setting, v.names.of(setting) + " " + problem);
    }

    @Override
    public String toString() {
        return (v.prompt != null ? "prompt \"" + v.prompt + "\"" : "classes " + Arrays.toString(v.classes)) + " x " + v.images
                + ", " + v.width + " x " + v.height + " px, seed " + (v.seed == null ? "random" : v.seed) + ", preset "
                + v.preset.id();
    }

    /** Collects settings (defaults as documented) and checks them all in {@link #build}. */
    public static final class Builder {
        final Setting.Names names;
        String prompt;
        int[] classes;
        int images = 1;
        Integer width;
        Integer height;
        LatentSize latentSize;
        Long seed;
        Preset preset;
        boolean customGiven;
        Setting customSetting;
        SamplerKind sampler = DEFAULT_SAMPLER;
        int steps = DEFAULT_STEPS;
        double cfg = DEFAULT_CFG;
        double guidanceLow = DEFAULT_GUIDANCE_LOW;
        double guidanceHigh = DEFAULT_GUIDANCE_HIGH;
        TransitionMode timMode;
        Double stochasticity;
        String model;
        Path nitWeights;
        Path nitConfig;
        Path aeWeights;
        Path aeConfig;
        Path modelsDir;
        String device = "auto";
        Precision precision = Precision.AUTO;
        String attention = "auto";
        Executor executor = Executor.AUTO;
        Long memoryBudgetMb;
        Long decodeBudgetMb;
        ImageOutput output = ImageOutput.RGB;
        boolean decode = true;
        Path noise;
        Path sdeNoise;
        SourceImage source;
        Double strength;
        int[] refineTo;

        private Builder(Setting.Names names) {
            this.names = names;
        }

        private Builder(Builder s) {
            names = s.names;
            prompt = s.prompt;
            classes = s.classes;
            images = s.images;
            if (s.latentSize != null) {
                latentSize = s.latentSize;
            } else {
                width = s.width;
                height = s.height;
            }
            seed = s.seed;
            preset = s.preset;
            sampler = s.sampler;
            steps = s.steps;
            cfg = s.cfg;
            guidanceLow = s.guidanceLow;
            guidanceHigh = s.guidanceHigh;
            timMode = s.timMode;
            stochasticity = s.stochasticity;
            model = s.model;
            nitWeights = s.nitWeights;
            nitConfig = s.nitConfig;
            aeWeights = s.aeWeights;
            aeConfig = s.aeConfig;
            modelsDir = s.modelsDir;
            device = s.device;
            precision = s.precision;
            attention = s.attention;
            executor = s.executor;
            memoryBudgetMb = s.memoryBudgetMb;
            decodeBudgetMb = s.decodeBudgetMb;
            output = s.output;
            decode = s.decode;
            noise = s.noise;
            sdeNoise = s.sdeNoise;
            source = s.source;
            strength = s.strength;
            refineTo = s.refineTo;
        }

        /** A text naming one ImageNet class (name, index or WordNet id); for a text model, the caption. */
        public Builder prompt(String text) {
            prompt = text;
            return this;
        }

        /** Class indices, 0..999 (1000 = unconditional), one or more images each. */
        public Builder classes(int... indices) {
            classes = indices == null ? null : indices.clone();
            return this;
        }

        /** Images per class (default 1). */
        public Builder images(int count) {
            images = count;
            return this;
        }

        public Builder width(int pixels) {
            width = pixels;
            return this;
        }

        public Builder height(int pixels) {
            height = pixels;
            return this;
        }

        /** The latent grid instead of a size in pixels ({@code HxW}). */
        public Builder latentSize(String text) {
            try {
                latentSize = LatentSize.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.LATENT_SIZE, names.of(Setting.LATENT_SIZE) + " '" + text
                        + "' must be HxW with whole numbers, e.g. 16x16");
            }
            return this;
        }

        /** The first image's seed; null for a random one. Negative seeds are refused. */
        public Builder seed(Long first) {
            seed = first;
            return this;
        }

        /** fast, paper or custom; without one, custom settings mean custom, and none mean fast. */
        public Builder preset(String text) {
            preset = text == null ? null : parse(Preset.class, Setting.PRESET, text);
            return this;
        }

        public Builder sampler(String text) {
            sampler = parse(SamplerKind.class, Setting.SAMPLER, text);
            return custom(Setting.SAMPLER);
        }

        public Builder steps(int count) {
            steps = count;
            return custom(Setting.STEPS);
        }

        public Builder cfg(double scale) {
            cfg = scale;
            return custom(Setting.CFG);
        }

        /** Guide only the steps whose t lies in [low, high] (t = 1 is noise). */
        public Builder guidanceInterval(double low, double high) {
            guidanceLow = low;
            guidanceHigh = high;
            return custom(Setting.GUIDANCE_LOW);
        }

        /** TiM's sampler mode, transition or ddiffusion (TiM models only); null for the default. */
        public Builder timMode(String text) {
            if (text == null || text.isBlank()) {
                timMode = null;
                return this;
            }
            timMode = parse(TransitionMode.class, Setting.TIM_MODE, text);
            return custom(Setting.TIM_MODE);
        }

        /** TiM's stochasticity ratio 0..1 (TiM models only); null for the default (0). */
        public Builder stochasticity(Double ratio) {
            stochasticity = ratio;
            return ratio == null ? this : custom(Setting.STOCHASTICITY);
        }

        private Builder custom(Setting setting) {
            if (!customGiven) {
                customSetting = setting;
            }
            customGiven = true;
            return this;
        }

        /** A model id; null or blank means the default model. */
        public Builder model(String id) {
            model = id == null || id.isBlank() ? null : id.trim();
            return this;
        }

        /** NiT weights (and optional config, decoder weights and decoder config) instead of a model id. */
        public Builder files(Path nitWeightsFile, Path nitConfigFile, Path aeWeightsFile, Path aeConfigFile) {
            nitWeights = nitWeightsFile;
            nitConfig = nitConfigFile;
            aeWeights = aeWeightsFile;
            aeConfig = aeConfigFile;
            return this;
        }

        public Builder modelsDir(Path folder) {
            modelsDir = folder;
            return this;
        }

        public Builder device(String text) {
            try {
                device = DeviceChoice.check(text, names.of(Setting.DEVICE));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.DEVICE, e.getMessage());
            }
            return this;
        }

        public Builder precision(String text) {
            precision = parse(Precision.class, Setting.PRECISION, text);
            return this;
        }

        public Builder attention(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (!t.matches("auto|eager|fused")) {
                throw new InvalidSettingException(Setting.ATTENTION, names.of(Setting.ATTENTION) + " '" + text
                        + "' is unknown; use auto, eager or fused");
            }
            attention = t;
            return this;
        }

        public Builder executor(String text) {
            executor = parse(Executor.class, Setting.EXECUTOR, text);
            return this;
        }

        public Builder memoryBudgetMb(Long mb) {
            memoryBudgetMb = mb;
            return this;
        }

        public Builder decodeBudgetMb(Long mb) {
            decodeBudgetMb = mb;
            return this;
        }

        public Builder output(ImageOutput kind) {
            output = kind;
            return this;
        }

        /** RGB or 32-bit. */
        public Builder output(String text) {
            try {
                output = ImageOutput.parse(text, names.of(Setting.OUTPUT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.OUTPUT, e.getMessage());
            }
            return this;
        }

        /** False for latents only (no decoder needed). */
        public Builder decode(boolean images) {
            decode = images;
            return this;
        }

        public Builder noise(Path file) {
            noise = file;
            return this;
        }

        public Builder sdeNoise(Path file) {
            sdeNoise = file;
            return this;
        }

        /** Start from this image (its size is the output size, unless refined); null starts from noise. */
        public Builder source(SourceImage image) {
            source = image;
            return this;
        }

        /** Image-to-image strength 0..1; null for the default. */
        public Builder strength(Double value) {
            strength = value;
            return this;
        }

        /** Refine the source to {@code WxH} pixels; null or empty for none. */
        public Builder refineTo(String text) {
            if (text == null || text.isBlank()) {
                refineTo = null;
                return this;
            }
            String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
            try {
                if (parts.length == 2) {
                    refineTo = new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
                    return this;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidSettingException(Setting.REFINE_TO, names.of(Setting.REFINE_TO) + " '" + text
                    + "' must be WxH in pixels, e.g. 1024x768");
        }

        private <E extends Enum<E>> E parse(Class<E> type, Setting setting, String text) {
            try {
                return EnumIds.parse(type, text == null ? "" : text, names.of(setting));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(setting, e.getMessage());
            }
        }

        /** Checks every setting; the first mistake is thrown as an {@link InvalidSettingException}. */
        public GenerationSpec build() {
            SpecChecks.check(this);
            return new GenerationSpec(this);
        }
    }
}
