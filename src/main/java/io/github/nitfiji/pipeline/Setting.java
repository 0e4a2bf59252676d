package io.github.nitfiji.pipeline;

import io.github.nitfiji.runtime.DeviceChoice;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.Precision;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.TransitionMode;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every setting of a generation, with its one name in the engine (the macro key, which is also
 * the SciJava parameter and the job-file key), the group it belongs to, and its one parser
 * ({@link SettingType}: range, message, written form). Front doors only map their own spelling to
 * these (the command line's flags live with the command line).
 */
public enum Setting {
    PROMPT("prompt", Group.WHAT, SettingType.text()),
    CLASSES("class", Group.WHAT, SettingType.classList()),
    IMAGES("images", Group.WHAT, SettingType.whole(1, GenerationRequest.MAX_IMAGES, "")),
    SEED("seed", Group.WHAT, SettingType.wholeLong(0, Long.MAX_VALUE, "")),
    WIDTH("width", Group.SIZE, pixels()),
    HEIGHT("height", Group.SIZE, pixels()),
    LATENT_SIZE("latent_size", Group.SIZE, SettingType.latentGrid()),
    PRESET("preset", Group.SAMPLING, SettingType.choice(Preset.class)),
    SAMPLER("sampler", Group.SAMPLING, SettingType.choice(SamplerKind.class)),
    STEPS("steps", Group.SAMPLING, SettingType.whole(1, 10_000, "")),
    CFG("cfg", Group.SAMPLING, SettingType.number(1, Double.MAX_VALUE, " (1 = no guidance)")),
    GUIDANCE_LOW("guidance_low", Group.SAMPLING, SettingType.number(0, 1, " (t = 1 is noise, 0 the image)")),
    GUIDANCE_HIGH("guidance_high", Group.SAMPLING, SettingType.number(0, 1, " (t = 1 is noise, 0 the image)")),
    TIM_MODE("tim_mode", Group.SAMPLING, SettingType.choice(TransitionMode.class)),
    STOCHASTICITY("stochasticity", Group.SAMPLING, SettingType.number(0, 1, " (0 = deterministic)")),
    MODEL("model", Group.MODEL, SettingType.text()),
    DECODER("decoder", Group.MODEL, SettingType.text()),
    NIT_WEIGHTS("nit_weights", Group.MODEL, SettingType.file()),
    NIT_CONFIG("nit_config", Group.MODEL, SettingType.file()),
    TIM_WEIGHTS("tim_weights", Group.MODEL, SettingType.file()),
    TIM_CONFIG("tim_config", Group.MODEL, SettingType.file()),
    TEXT_ENCODER("text_encoder", Group.MODEL, SettingType.file()),
    TEXT_ENCODER_CONFIG("text_encoder_config", Group.MODEL, SettingType.file()),
    TOKENIZER("tokenizer", Group.MODEL, SettingType.file()),
    AE_WEIGHTS("ae_weights", Group.MODEL, SettingType.file()),
    AE_CONFIG("ae_config", Group.MODEL, SettingType.file()),
    MODELS_DIR("models_dir", Group.MODEL, SettingType.file()),
    UNICODE_ESCAPE("unicode_escape", Group.WHAT, SettingType.yesNo()),
    DEVICE("device", Group.RUNTIME, SettingType.parsed((text, name) -> DeviceChoice.check(text, name), d -> d)),
    PRECISION("precision", Group.RUNTIME, SettingType.choice(Precision.class)),
    ATTENTION("attention", Group.RUNTIME, SettingType.choice(AttentionChoice.class)),
    EXECUTOR("executor", Group.RUNTIME, SettingType.choice(Executor.class)),
    MEMORY_BUDGET("memory_budget", Group.RUNTIME, megabytes()),
    DECODE_BUDGET("decode_budget", Group.RUNTIME, megabytes()),
    OUTPUT("output", Group.OUTPUT, SettingType.parsed(ImageOutput::parse, o -> o.id)),
    NOISE("noise", Group.NOISE, SettingType.file()),
    SDE_NOISE("sde_noise", Group.NOISE, SettingType.file()),
    SOURCE("source", Group.START, SettingType.text()),
    STRENGTH("strength", Group.START, SettingType.number(0, 1, " (0 keeps the image, 1 starts from pure noise)")),
    MASK("mask", Group.START, SettingType.file()),
    REFINE_TO("refine_to", Group.START, SettingType.pixelSize());

    /** What a setting is about (the dialog and the docs group them so). */
    public enum Group { WHAT, SIZE, SAMPLING, MODEL, RUNTIME, OUTPUT, NOISE, START }

    /**
     * The sampler's own settings: giving any of them means the custom preset, and with a named
     * preset (which sets them itself) it is an error naming that preset, in every front door.
     */
    public static final Set<Setting> CUSTOM_SAMPLING = EnumSet.of(SAMPLER, STEPS, CFG, GUIDANCE_LOW, GUIDANCE_HIGH,
            TIM_MODE, STOCHASTICITY);

    /** The most a budget may name: 1 PB in MB, far above any machine and far below overflow. */
    static final long MAX_BUDGET_MB = 1L << 30;

    private final String key;
    private final Group group;
    private final SettingType<?> type;

    Setting(String key, Group group, SettingType<?> type) {
        this.key = key;
        this.group = group;
        this.type = type;
    }

    /** The macro key, SciJava parameter and job-file key. */
    public String key() {
        return key;
    }

    public Group group() {
        return group;
    }

    /** The setting's parser. */
    public SettingType<?> type() {
        return type;
    }

    /** The setting whose key is {@code key} (exact, lower case), or null. */
    public static Setting ofKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    private static SettingType<Integer> pixels() {
        return SettingType.pixelSide(GenerationRequest.MIN_SIDE_PX, GenerationRequest.MAX_SIDE_PX);
    }

    private static SettingType<Long> megabytes() {
        return SettingType.wholeLong(1, MAX_BUDGET_MB, " MB");
    }

    /** Which attention kernel runs: auto (fused, eager if it cannot load), eager or fused. */
    public enum AttentionChoice { AUTO, EAGER, FUSED }
}
