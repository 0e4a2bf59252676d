package io.github.nitfiji.catalog;

/** What a model card describes: a generating transformer or the latent decoder it needs. */
public enum ModelKind {
    /** A NiT class-conditioned diffusion transformer (works in DC-AE latent space). */
    NIT("nit"),
    /** A TiM-C2I class-conditioned transition model (few-step; DC-AE latent space). */
    TIM_C2I("tim-c2i"),
    /** A DC-AE autoencoder that turns latents into pixels (and back). */
    DC_AE("dc-ae");

    private final String jsonName;

    ModelKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** Whether this kind generates latents (and so names a decoder); false for the decoder itself. */
    public boolean generates() {
        return this != DC_AE;
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
