package io.github.nitfiji.pipeline;

import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.model.dcae.DcAeConfig;

/**
 * Which DC-AE decodes a generating model's latents: the card's own, or another one the user names
 * that reads the same latent space (DC-AE-Lite for the SANA DC-AE). A decoder of another latent
 * space would turn every image into noise without an error, so it is refused, naming what differs.
 */
final class DecoderChoice {
    private DecoderChoice() {
    }

    /** The decoder card for {@code model}: {@code decoderId}'s, or (null) the one the model's card names. */
    static ModelCard resolve(ModelCatalog catalog, ModelCard model, String decoderId) throws ModelException {
        ModelCard own = catalog.decoderFor(model);
        if (decoderId == null || decoderId.equals(own.id())) {
            return own;
        }
        ModelCard chosen = catalog.require(decoderId);
        if (chosen.kind().role() != ModelKind.Role.DECODER) {
            throw new IllegalArgumentException("decoder '" + decoderId + "' is a " + chosen.kind().jsonName()
                    + " model, not a DC-AE decoder; name a dc-ae model (see 'models list')");
        }
        String differs = latentSpaceDifference(DcAeConfig.fromJson(own.config().toString(), own.id()),
                DcAeConfig.fromJson(chosen.config().toString(), chosen.id()));
        if (differs != null) {
            throw new IllegalArgumentException("decoder '" + decoderId + "' cannot decode the latents of '"
                    + model.id() + "': " + differs + " of its own decoder '" + own.id() + "'");
        }
        return chosen;
    }

    /** What differs between two decoders' latent spaces, or null when one can stand in for the other. */
    static String latentSpaceDifference(DcAeConfig own, DcAeConfig other) {
        if (own.latentChannels() != other.latentChannels()) {
            return "it takes " + other.latentChannels() + " latent channels against the " + own.latentChannels();
        }
        if (own.spatialCompression() != other.spatialCompression()) {
            return "it up-samples " + other.spatialCompression() + "x against the " + own.spatialCompression() + "x";
        }
        if (own.scalingFactor() != other.scalingFactor()) {
            return "its scaling factor is " + other.scalingFactor() + " against the " + own.scalingFactor();
        }
        return null;
    }
}
