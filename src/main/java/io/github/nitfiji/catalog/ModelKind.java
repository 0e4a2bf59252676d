package io.github.nitfiji.catalog;

/** What a model card describes: the diffusion transformer or the latent decoder it needs. */
public enum ModelKind {
    /** A NiT class-conditioned diffusion transformer (works in DC-AE latent space). */
    NIT("nit"),
    /** A DC-AE autoencoder that turns latents into pixels (and back). */
    DC_AE("dc-ae");

    private final String jsonName;

    ModelKind(String jsonName) {
        this.jsonName = jsonName;
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
