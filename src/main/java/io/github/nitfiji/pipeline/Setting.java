package io.github.nitfiji.pipeline;

/**
 * Every setting of a generation, with the name each front door gives it: the macro key (also the
 * SciJava parameter) and the command-line flag. Messages about a setting are worded once, in
 * {@link GenerationSpec}, and show the name of the front door the person used.
 */
public enum Setting {
    PROMPT("prompt", "--prompt"),
    CLASSES("class", "--class"),
    IMAGES("images", "--images"),
    WIDTH("width", "--width"),
    HEIGHT("height", "--height"),
    LATENT_SIZE("latent_size", "--latent-size"),
    SEED("seed", "--seed"),
    PRESET("preset", "--preset"),
    SAMPLER("sampler", "--sampler"),
    STEPS("steps", "--steps"),
    CFG("cfg", "--cfg"),
    GUIDANCE_LOW("guidance_low", "--guidance-interval"),
    GUIDANCE_HIGH("guidance_high", "--guidance-interval"),
    TIM_MODE("tim_mode", "--tim-mode"),
    STOCHASTICITY("stochasticity", "--stochasticity"),
    MODEL("model", "--model"),
    NIT_WEIGHTS("nit_weights", "--nit-weights"),
    NIT_CONFIG("nit_config", "--nit-config"),
    AE_WEIGHTS("ae_weights", "--ae-weights"),
    AE_CONFIG("ae_config", "--ae-config"),
    MODELS_DIR("models_dir", "--models-dir"),
    DEVICE("device", "--device"),
    PRECISION("precision", "--precision"),
    ATTENTION("attention", "--attention"),
    EXECUTOR("executor", "--executor"),
    MEMORY_BUDGET("memory_budget", "--memory-budget"),
    DECODE_BUDGET("decode_budget", "--decode-budget"),
    OUTPUT("output", "--float"),
    NOISE("noise", "--noise"),
    SDE_NOISE("sde_noise", "--sde-noise"),
    SOURCE("source", "--init-image"),
    STRENGTH("strength", "--strength"),
    MASK("mask", "--mask"),
    REFINE_TO("refine_to", "--refine-to");

    private final String key;
    private final String flag;

    Setting(String key, String flag) {
        this.key = key;
        this.flag = flag;
    }

    /** The macro key and SciJava parameter name. */
    public String key() {
        return key;
    }

    /** The command-line flag. */
    public String flag() {
        return flag;
    }

    /** How a front door names settings in its messages. */
    public enum Names {
        /** Macro keys (ImageJ macros, the dialog, SciJava scripts). */
        KEYS,
        /** Command-line flags. */
        FLAGS;

        public String of(Setting setting) {
            return this == KEYS ? setting.key : setting.flag;
        }
    }
}
