package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.ExecutorChoice;
import io.github.nitfiji.runtime.Precision;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.source.SourceImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a person asked of one generation: the settings they gave (each parsed and range
 * checked by its {@link Setting}'s one parser), checked together once ({@link SpecChecks}).
 * Every front door (macro, dialog, SciJava, job file, command line) only puts its input in
 * here and hands the spec to {@link GenerationService}; so the same settings give the same
 * images everywhere, and a mistake gets the same message, naming the setting as that front door
 * spells it.
 *
 * <p>A setting that was not given reads as its default here, or as null where the model's family
 * decides the default (the sampler's own settings). Image i is drawn from seed {@code seed + i};
 * a spec without a seed gets a random one when it is prepared, and the prepared spec (seed and
 * model filled in) regenerates the same images.
 */
public final class GenerationSpec {
    public static final String DEFAULT_PROMPT = "golden retriever";
    public static final int DEFAULT_SIDE = 256;
    private static final long MB = 1L << 20;

    private final Map<Setting, Object> values;
    private final List<String> prompts;
    private final SourceImage source;
    private final boolean decode;
    private final SettingNames names;

    GenerationSpec(SpecBuilder b) {
        values = Collections.unmodifiableMap(new EnumMap<>(b.values));
        prompts = b.prompts == null ? null : List.copyOf(b.prompts);
        source = b.source;
        decode = b.decode;
        names = b.names;
    }

    /** A spec whose messages name settings as {@code names} spells them. */
    public static SpecBuilder builder(SettingNames names) {
        return new SpecBuilder(names);
    }

    /** A builder holding this spec's values, to change some. */
    public SpecBuilder toBuilder() {
        SpecBuilder b = new SpecBuilder(names);
        b.values.putAll(values);
        b.prompts = prompts == null ? null : new ArrayList<>(prompts);
        b.source = source;
        b.decode = decode;
        return b;
    }

    /** The settings given (the seed and model too, once prepared), in the order of {@link Setting}. */
    public Set<Setting> given() {
        Set<Setting> given = values.isEmpty() ? EnumSet.noneOf(Setting.class) : EnumSet.copyOf(values.keySet());
        if (prompts != null) {
            given.add(Setting.PROMPT);
        }
        if (source != null) {
            given.add(Setting.SOURCE);
        }
        return given;
    }

    /** The value of {@code setting} as given, or null. */
    @SuppressWarnings("unchecked")
    public <T> T value(Setting setting) {
        return (T) values.get(setting);
    }

    /** {@code setting}'s value as a person types it (null when not given). */
    @SuppressWarnings("unchecked")
    public String text(Setting setting) {
        Object value = values.get(setting);
        return value == null ? null : ((SettingType<Object>) setting.type()).format(value);
    }

    /** The names of the front door this spec came from. */
    public SettingNames names() {
        return names;
    }

    /** The first prompt, or null when classes are given by index. */
    public String prompt() {
        return prompts == null ? null : prompts.get(0);
    }

    /** Every prompt given (the command line takes several), or null when classes are given by index. */
    public List<String> prompts() {
        return prompts;
    }

    public int[] classes() {
        int[] c = value(Setting.CLASSES);
        return c == null ? null : c.clone();
    }

    /** Images per prompt or class. */
    public int images() {
        return this.<Integer>or(Setting.IMAGES, 1);
    }

    /** The number of images: images per class times the classes (or prompts). */
    public int totalImages() {
        int[] c = value(Setting.CLASSES);
        return images() * (c != null ? c.length : prompts != null ? prompts.size() : 1);
    }

    /** Output width in pixels: as given, the source's (or refine) size, 32 x the latent width, or 256. */
    public int width() {
        return side(Setting.WIDTH, 0);
    }

    public int height() {
        return side(Setting.HEIGHT, 1);
    }

    private int side(Setting setting, int index) {
        int[] refine = refineTo();
        if (refine != null) {
            return refine[index];
        }
        if (source != null) {
            return index == 0 ? source.width : source.height;
        }
        LatentSize latent = latentSize();
        if (latent != null) {
            return (index == 0 ? latent.width : latent.height) * GenerationRequest.PIXELS_PER_LATENT;
        }
        return or(setting, DEFAULT_SIDE);
    }

    /** The latent grid, when given instead of a size in pixels; else null. */
    public LatentSize latentSize() {
        return value(Setting.LATENT_SIZE);
    }

    /** The first image's seed, or null for a random one. */
    public Long seed() {
        return value(Setting.SEED);
    }

    /** The preset that runs: as given; else custom when a sampler setting is given; else fast. */
    public Preset preset() {
        Preset given = value(Setting.PRESET);
        if (given != null) {
            return given;
        }
        return values.keySet().stream().anyMatch(Setting.CUSTOM_SAMPLING::contains) ? Preset.CUSTOM : Preset.FAST;
    }

    /** The sampler's own settings as given (null: the model's family decides). */
    public SamplerKind sampler() {
        return value(Setting.SAMPLER);
    }

    public Integer steps() {
        return value(Setting.STEPS);
    }

    public Double cfg() {
        return value(Setting.CFG);
    }

    public Double guidanceLow() {
        return value(Setting.GUIDANCE_LOW);
    }

    public Double guidanceHigh() {
        return value(Setting.GUIDANCE_HIGH);
    }

    public TransitionMode timMode() {
        return value(Setting.TIM_MODE);
    }

    public Double stochasticity() {
        return value(Setting.STOCHASTICITY);
    }

    /** Model id, or null for the default model (or when weights files are given). */
    public String model() {
        return value(Setting.MODEL);
    }

    /** The decoder's model id instead of the one the model's card names, or null. */
    public String decoder() {
        return value(Setting.DECODER);
    }

    /** A file named by {@code setting} (weights, configs, noise, a mask), or null. */
    public Path file(Setting setting) {
        return value(setting);
    }

    /** Whether a text model's prompts get TiM's training-time unicode escape (default true). */
    public boolean unicodeEscape() {
        return or(Setting.UNICODE_ESCAPE, true);
    }

    /** auto, cpu, gpu, gpu:N or mps. */
    public String device() {
        return or(Setting.DEVICE, "auto");
    }

    public Precision precision() {
        return or(Setting.PRECISION, Precision.AUTO);
    }

    public Setting.AttentionChoice attention() {
        return or(Setting.ATTENTION, Setting.AttentionChoice.AUTO);
    }

    /** How NiT runs: auto, eager or script (see {@link ExecutorChoice}). */
    public Executor executor() {
        return or(Setting.EXECUTOR, Executor.AUTO);
    }

    /** Peak memory a request may need (default 85 % of RAM). */
    long memoryBudgetBytes() {
        Long mb = value(Setting.MEMORY_BUDGET);
        return mb != null ? mb * MB : MemoryPlan.defaultBudget();
    }

    /** Working memory of one decode (default 70 % of RAM, at most 18 GB). */
    long decodeBudgetBytes() {
        Long mb = value(Setting.DECODE_BUDGET);
        return mb != null ? mb * MB : MemoryPlan.defaultDecodeBudget();
    }

    public ImageOutput output() {
        return or(Setting.OUTPUT, ImageOutput.RGB);
    }

    /** Whether images are decoded (false: latents only). */
    public boolean decode() {
        return decode;
    }

    /** The image to start from, or null to start from noise. */
    public SourceImage source() {
        return source;
    }

    /** Image-to-image strength as given, or null for the default (0.6; 0.4 when refining). */
    public Double strength() {
        return value(Setting.STRENGTH);
    }

    /** The refine size {width, height}, or null. */
    public int[] refineTo() {
        int[] r = value(Setting.REFINE_TO);
        return r == null ? null : r.clone();
    }

    @SuppressWarnings("unchecked")
    private <T> T or(Setting setting, T fallback) {
        Object value = values.get(setting);
        return value == null ? fallback : (T) value;
    }

    /** A mistake in {@code setting}: the message starts with its name as this front door spells it. */
    public InvalidSettingException invalid(Setting setting, String problem) {
        return new InvalidSettingException(setting, names.of(setting) + " " + problem);
    }

    @Override
    public String toString() {
        return (prompts != null ? "prompt \"" + String.join("\", \"", prompts) + "\"" : "classes "
                + text(Setting.CLASSES)) + " x " + images() + ", " + width() + " x " + height() + " px, seed "
                + (seed() == null ? "random" : seed()) + ", preset " + preset().id();
    }
}
