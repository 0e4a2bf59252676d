package io.github.nitfiji.catalog;

/**
 * What a model card describes: a generating transformer, the latent decoder it needs, or the text
 * encoder a text-to-image transformer needs.
 */
public enum ModelKind {
    /** A NiT class-conditioned diffusion transformer (works in DC-AE latent space). */
    NIT("nit"),
    /** A TiM-C2I class-conditioned transition model (few-step; DC-AE latent space). */
    TIM_C2I("tim-c2i"),
    /** A TiM-T2I text-to-image transition model (DC-AE latent space; names its text encoder too). */
    TIM_T2I("tim-t2i"),
    /** A DC-AE autoencoder that turns latents into pixels (and back). */
    DC_AE("dc-ae"),
    /** A Gemma-3 text model used as a text encoder (its weights, config.json and tokenizer.json). */
    GEMMA3_TEXT("gemma3-text"),
    /**
     * A fine-tune of an installed NiT made on this machine ({@code train}): LoRA adapters or full
     * weights plus its own classes, applied to its base by {@code io.github.nitfiji.train.FineTune}.
     */
    NIT_FINETUNE("nit-finetune");

    private final String jsonName;

    ModelKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** Whether this kind generates latents (and so names a decoder); false for the decoder and the text encoder. */
    public boolean generates() {
        return this == NIT || this == TIM_C2I || this == TIM_T2I;
    }

    /** Whether this kind samples with TiM's transition sampler (its presets say "transition" or "ddiffusion"). */
    public boolean isTransitionModel() {
        return this == TIM_C2I || this == TIM_T2I;
    }

    /** The spelling used in card files. */
    public String jsonName() {
        return jsonName;
    }

    /** Parses the card spelling; returns null for anything else so the caller can name the field. */
    static ModelKind fromJson(String name) {
        for (ModelKind k : values()) {
            if (k.jsonName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
