package io.github.nitfiji.pipeline;

import io.github.nitfiji.EnumIds;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.Rope2d;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.nio.file.Files;
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

    private final Setting.Names names;
    private final String prompt;
    private final int[] classes;
    private final int images;
    private final int width;
    private final int height;
    private final LatentSize latentSize;
    private final Long seed;
    private final Preset preset;
    private final SamplerKind sampler;
    private final int steps;
    private final double cfg;
    private final double guidanceLow;
    private final double guidanceHigh;
    private final String model;
    private final Path nitWeights;
    private final Path nitConfig;
    private final Path aeWeights;
    private final Path aeConfig;
    private final Path modelsDir;
    private final String device;
    private final Precision precision;
    private final String attention;
    private final Long memoryBudgetMb;
    private final Long decodeBudgetMb;
    private final ImageOutput output;
    private final boolean decode;
    private final Path noise;
    private final Path sdeNoise;
    private final SourceImage source;
    private final Double strength;
    private final int[] refineTo;

    private GenerationSpec(Builder b) {
        names = b.names;
        prompt = b.prompt;
        classes = b.classes;
        images = b.images;
        width = b.width;
        height = b.height;
        latentSize = b.latentSize;
        seed = b.seed;
        preset = b.preset;
        sampler = b.sampler;
        steps = b.steps;
        cfg = b.cfg;
        guidanceLow = b.guidanceLow;
        guidanceHigh = b.guidanceHigh;
        model = b.model;
        nitWeights = b.nitWeights;
        nitConfig = b.nitConfig;
        aeWeights = b.aeWeights;
        aeConfig = b.aeConfig;
        modelsDir = b.modelsDir;
        device = b.device;
        precision = b.precision;
        attention = b.attention;
        memoryBudgetMb = b.memoryBudgetMb;
        decodeBudgetMb = b.decodeBudgetMb;
        output = b.output;
        decode = b.decode;
        noise = b.noise;
        sdeNoise = b.sdeNoise;
        source = b.source;
        strength = b.strength;
        refineTo = b.refineTo;
    }

    /** A spec whose messages name settings as {@code names} spells them. */
    public static Builder builder(Setting.Names names) {
        return new Builder(names);
    }

    /** A builder holding this spec's values, to change some. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The names of the front door this spec came from. */
    public Setting.Names names() {
        return names;
    }

    /** The text naming the class, or null when classes are given by index. */
    public String prompt() {
        return prompt;
    }

    /** Class indices, or null when a prompt names the class. */
    public int[] classes() {
        return classes == null ? null : classes.clone();
    }

    /** Images per class. */
    public int images() {
        return images;
    }

    /** Output width in pixels (32 x the latent width when a latent size was given). */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The latent grid, when given instead of a size in pixels; else null. */
    public LatentSize latentSize() {
        return latentSize;
    }

    /** The first image's seed, or null for a random one. */
    public Long seed() {
        return seed;
    }

    public Preset preset() {
        return preset;
    }

    /** The custom sampler settings (used with the custom preset only). */
    public SamplerKind sampler() {
        return sampler;
    }

    public int steps() {
        return steps;
    }

    public double cfg() {
        return cfg;
    }

    public double guidanceLow() {
        return guidanceLow;
    }

    public double guidanceHigh() {
        return guidanceHigh;
    }

    /** The sampler settings that run: the preset's for this size, or the custom ones. */
    public SamplerSettings samplerSettings() {
        return preset == Preset.CUSTOM ? new SamplerSettings(sampler, steps, cfg, guidanceLow, guidanceHigh)
                : preset.settingsFor(width, height);
    }

    /** Model id, or null for the default model (or when weights files are given). */
    public String model() {
        return model;
    }

    public Path nitWeights() {
        return nitWeights;
    }

    public Path nitConfig() {
        return nitConfig;
    }

    public Path aeWeights() {
        return aeWeights;
    }

    public Path aeConfig() {
        return aeConfig;
    }

    /** The models folder, or null for the default one. */
    public Path modelsDir() {
        return modelsDir;
    }

    /** auto, cpu, gpu or gpu:N. */
    public String device() {
        return device;
    }

    public Precision precision() {
        return precision;
    }

    /** auto, eager or fused. */
    public String attention() {
        return attention;
    }

    /** Peak memory a request may need, in MB, or null for the default (85 % of RAM). */
    public Long memoryBudgetMb() {
        return memoryBudgetMb;
    }

    /** Working memory of one decode, in MB, or null for the default. */
    public Long decodeBudgetMb() {
        return decodeBudgetMb;
    }

    long memoryBudgetBytes() {
        return memoryBudgetMb != null ? memoryBudgetMb * MB : MemoryPlan.defaultBudget();
    }

    long decodeBudgetBytes() {
        return decodeBudgetMb != null ? decodeBudgetMb * MB : MemoryPlan.defaultDecodeBudget();
    }

    public ImageOutput output() {
        return output;
    }

    /** Whether images are decoded (false: latents only). */
    public boolean decode() {
        return decode;
    }

    /** Initial noise file instead of the seed, or null. */
    public Path noise() {
        return noise;
    }

    /** SDE per-step noise file instead of the seed, or null. */
    public Path sdeNoise() {
        return sdeNoise;
    }

    /** The image to start from, or null to start from noise. */
    public SourceImage source() {
        return source;
    }

    /** Image-to-image strength as given, or null for the default (0.6; 0.4 when refining). */
    public Double strength() {
        return strength;
    }

    /** The refine size {width, height}, or null. */
    public int[] refineTo() {
        return refineTo == null ? null : refineTo.clone();
    }

    /** The number of images: images per class times the classes (a prompt names one). */
    public int totalImages() {
        return images * (classes == null ? 1 : classes.length);
    }

    InvalidSettingException invalid(Setting setting, String problem) {
        return new InvalidSettingException(setting, names.of(setting) + " " + problem);
    }

    @Override
    public String toString() {
        return (prompt != null ? "prompt \"" + prompt + "\"" : "classes " + Arrays.toString(classes)) + " x " + images
                + ", " + width + " x " + height + " px, seed " + (seed == null ? "random" : seed) + ", preset "
                + preset.id();
    }

    /** Collects settings (defaults as documented) and checks them all in {@link #build}. */
    public static final class Builder {
        private final Setting.Names names;
        private String prompt;
        private int[] classes;
        private int images = 1;
        private Integer width;
        private Integer height;
        private LatentSize latentSize;
        private Long seed;
        private Preset preset;
        private boolean customGiven;
        private Setting customSetting;
        private SamplerKind sampler = DEFAULT_SAMPLER;
        private int steps = DEFAULT_STEPS;
        private double cfg = DEFAULT_CFG;
        private double guidanceLow = DEFAULT_GUIDANCE_LOW;
        private double guidanceHigh = DEFAULT_GUIDANCE_HIGH;
        private String model;
        private Path nitWeights;
        private Path nitConfig;
        private Path aeWeights;
        private Path aeConfig;
        private Path modelsDir;
        private String device = "auto";
        private Precision precision = Precision.AUTO;
        private String attention = "auto";
        private Long memoryBudgetMb;
        private Long decodeBudgetMb;
        private ImageOutput output = ImageOutput.RGB;
        private boolean decode = true;
        private Path noise;
        private Path sdeNoise;
        private SourceImage source;
        private Double strength;
        private int[] refineTo;

        private Builder(Setting.Names names) {
            this.names = names;
        }

        private Builder(GenerationSpec s) {
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
            model = s.model;
            nitWeights = s.nitWeights;
            nitConfig = s.nitConfig;
            aeWeights = s.aeWeights;
            aeConfig = s.aeConfig;
            modelsDir = s.modelsDir;
            device = s.device;
            precision = s.precision;
            attention = s.attention;
            memoryBudgetMb = s.memoryBudgetMb;
            decodeBudgetMb = s.decodeBudgetMb;
            output = s.output;
            decode = s.decode;
            noise = s.noise;
            sdeNoise = s.sdeNoise;
            source = s.source;
            strength = s.strength;
            refineTo = s.refineTo;
            if (source != null) {
                width = null;
                height = null;
            }
        }

        /** A text naming one ImageNet class (name, index or WordNet id). */
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
            throw invalid(Setting.REFINE_TO, "'" + text + "' must be WxH in pixels, e.g. 1024x768");
        }

        private <E extends Enum<E>> E parse(Class<E> type, Setting setting, String text) {
            try {
                return EnumIds.parse(type, text == null ? "" : text, names.of(setting));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(setting, e.getMessage());
            }
        }

        private InvalidSettingException invalid(Setting setting, String problem) {
            return new InvalidSettingException(setting, names.of(setting) + " " + problem);
        }

        private String n(Setting setting) {
            return names.of(setting);
        }

        /** Checks every setting; the first mistake is thrown as an {@link InvalidSettingException}. */
        public GenerationSpec build() {
            checkClasses();
            checkSize();
            checkSeed();
            checkSampler();
            checkModel();
            checkBudget(Setting.MEMORY_BUDGET, memoryBudgetMb);
            checkBudget(Setting.DECODE_BUDGET, decodeBudgetMb);
            checkFile(Setting.NOISE, noise);
            checkFile(Setting.SDE_NOISE, sdeNoise);
            checkSource();
            return new GenerationSpec(this);
        }

        private void checkClasses() {
            if ((prompt == null) == (classes == null)) {
                throw invalid(Setting.PROMPT, "or " + n(Setting.CLASSES) + ": give exactly one of them");
            }
            if (prompt != null && prompt.isBlank()) {
                throw invalid(Setting.PROMPT, "is empty; give an ImageNet class name (e.g. golden retriever), a "
                        + "class index 0-999 or a WordNet id (e.g. n02099601)");
            }
            if (prompt != null) {
                prompt = prompt.trim();
            }
            if (classes != null) {
                if (classes.length == 0) {
                    throw invalid(Setting.CLASSES, "is empty; give at least one class index");
                }
                for (int c : classes) {
                    if (c < 0 || c > GenerationRequest.NULL_CLASS) {
                        throw invalid(Setting.CLASSES, c + " is outside 0.." + GenerationRequest.NULL_CLASS
                                + " (0..999 are the ImageNet classes, " + GenerationRequest.NULL_CLASS
                                + " = unconditional)");
                    }
                }
            }
            int perClass = classes == null ? 1 : classes.length;
            if (images < 1 || (long) images * perClass > GenerationRequest.MAX_IMAGES) {
                throw invalid(Setting.IMAGES, perClass == 1 || images < 1
                        ? "must be 1.." + GenerationRequest.MAX_IMAGES + ", found " + images
                        : images + " x " + perClass + " classes makes " + (long) images * perClass
                                + " images; at most " + GenerationRequest.MAX_IMAGES + " per request");
            }
        }

        private void checkSize() {
            if (source != null) {
                if (latentSize != null || width != null || height != null) {
                    Setting given = latentSize != null ? Setting.LATENT_SIZE : width != null ? Setting.WIDTH
                            : Setting.HEIGHT;
                    throw invalid(given, "goes with starting from noise: an image keeps its source's size (use "
                            + n(Setting.REFINE_TO) + " to change it)");
                }
                width = refineTo != null ? refineTo[0] : source.width;
                height = refineTo != null ? refineTo[1] : source.height;
                checkPixels(refineTo != null ? Setting.REFINE_TO : Setting.SOURCE, width);
                checkPixels(refineTo != null ? Setting.REFINE_TO : Setting.SOURCE, height);
                return;
            }
            if (latentSize != null) {
                if (width != null || height != null) {
                    throw invalid(Setting.LATENT_SIZE, "or " + n(Setting.WIDTH) + " and " + n(Setting.HEIGHT)
                            + ": give the size one way, not both");
                }
                checkLatentSide(latentSize.height);
                checkLatentSide(latentSize.width);
                width = latentSize.width * GenerationRequest.PIXELS_PER_LATENT;
                height = latentSize.height * GenerationRequest.PIXELS_PER_LATENT;
                return;
            }
            width = width == null ? DEFAULT_SIDE : width;
            height = height == null ? DEFAULT_SIDE : height;
            checkPixels(Setting.WIDTH, width);
            checkPixels(Setting.HEIGHT, height);
        }

        private void checkSource() {
            if (source == null) {
                if (strength != null || refineTo != null) {
                    throw invalid(strength != null ? Setting.STRENGTH : Setting.REFINE_TO, "needs an image to start"
                            + " from (" + n(Setting.SOURCE) + ")");
                }
                return;
            }
            if (strength != null && !(strength >= 0 && strength <= 1)) {
                throw invalid(Setting.STRENGTH, strength + " is outside 0..1 (0 keeps the image, 1 starts from"
                        + " pure noise)");
            }
            if (refineTo != null && source.hasSelection()) {
                throw invalid(Setting.REFINE_TO, "regenerates the whole image; remove the selection (or "
                        + n(Setting.MASK) + ") first");
            }
            if (noise != null || sdeNoise != null) {
                throw invalid(noise != null ? Setting.NOISE : Setting.SDE_NOISE, "goes with starting from noise,"
                        + " not from an image");
            }
        }

        private void checkLatentSide(int side) {
            if (side < 1 || side > Rope2d.MAX_SIDE) {
                throw invalid(Setting.LATENT_SIZE, latentSize + " is outside 1.." + Rope2d.MAX_SIDE
                        + " per side (NiT's position table covers " + Rope2d.MAX_SIDE + " latent pixels = "
                        + GenerationRequest.PIXELS_PER_LATENT * Rope2d.MAX_SIDE + " image pixels per side)");
            }
        }

        private void checkPixels(Setting setting, int pixels) {
            if (pixels < GenerationRequest.MIN_SIDE_PX || pixels > GenerationRequest.MAX_SIDE_PX) {
                throw invalid(setting, pixels + " px is outside " + GenerationRequest.MIN_SIDE_PX + ".."
                        + GenerationRequest.MAX_SIDE_PX + " px");
            }
        }

        private void checkSeed() {
            if (seed == null) {
                return;
            }
            if (seed < 0) {
                throw invalid(Setting.SEED, "must be 0 or more, found " + seed);
            }
            long last = images * (long) (classes == null ? 1 : classes.length) - 1;
            if (seed > Long.MAX_VALUE - last) {
                throw invalid(Setting.SEED, seed + " is too large: image i uses seed + i, so with " + (last + 1)
                        + " images the seed must be at most " + (Long.MAX_VALUE - last));
            }
        }

        private void checkSampler() {
            if (preset == null) {
                preset = customGiven ? Preset.CUSTOM : Preset.FAST;
            } else if (preset != Preset.CUSTOM && customGiven) {
                throw invalid(customSetting, "goes with " + n(Setting.PRESET) + " custom, not " + preset.id());
            }
            if (steps < 1 || steps > MAX_STEPS) {
                throw invalid(Setting.STEPS, "must be 1.." + MAX_STEPS + ", found " + steps);
            }
            if (!(cfg >= 1) || Double.isInfinite(cfg)) {
                throw invalid(Setting.CFG, "must be a finite number >= 1 (1 = no guidance), found " + cfg);
            }
            checkUnit(Setting.GUIDANCE_LOW, guidanceLow);
            checkUnit(Setting.GUIDANCE_HIGH, guidanceHigh);
            if (guidanceLow > guidanceHigh) {
                throw invalid(Setting.GUIDANCE_LOW, guidanceLow + " is above the high end " + guidanceHigh
                        + "; the guidance interval is low <= high");
            }
        }

        private void checkUnit(Setting setting, double t) {
            if (!(t >= 0 && t <= 1)) {
                throw invalid(setting, t + " is outside 0..1 (t = 1 is noise, 0 the image)");
            }
        }

        private void checkModel() {
            if (nitWeights == null) {
                if (nitConfig != null || aeWeights != null || aeConfig != null) {
                    Setting given = nitConfig != null ? Setting.NIT_CONFIG
                            : aeWeights != null ? Setting.AE_WEIGHTS : Setting.AE_CONFIG;
                    throw invalid(given, "goes with " + n(Setting.NIT_WEIGHTS));
                }
                return;
            }
            if (model != null) {
                throw invalid(Setting.MODEL, "or " + n(Setting.NIT_WEIGHTS) + ": give one of them, not both");
            }
            checkFile(Setting.NIT_WEIGHTS, nitWeights);
            checkFile(Setting.NIT_CONFIG, nitConfig);
            checkFile(Setting.AE_WEIGHTS, aeWeights);
            checkFile(Setting.AE_CONFIG, aeConfig);
            if (decode && aeWeights == null) {
                throw invalid(Setting.AE_WEIGHTS, "is needed to make images from " + n(Setting.NIT_WEIGHTS)
                        + " (or use " + n(Setting.MODEL) + ")");
            }
        }

        private void checkFile(Setting setting, Path file) {
            if (file == null) {
                return;
            }
            if (!Files.isRegularFile(file)) {
                throw invalid(setting, file + ": no such file");
            }
            if (!Files.isReadable(file)) {
                throw invalid(setting, file + ": not readable");
            }
        }

        private void checkBudget(Setting setting, Long mb) {
            if (mb != null && mb < 1) {
                throw invalid(setting, "must be at least 1 MB, found " + mb);
            }
        }
    }
}
