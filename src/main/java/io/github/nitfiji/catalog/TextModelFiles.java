package io.github.nitfiji.catalog;

import java.nio.file.Path;

/**
 * The installed files of a text-to-image model, resolved from its card and the cards it names
 * ({@link ModelStore#textModelFiles}): the transformer's weights and architecture, the text
 * encoder's weights, {@code config.json} and {@code tokenizer.json}, and the decoder's card.
 * Every path exists (a missing one was reported as not installed, with how to get it).
 */
public final class TextModelFiles {
    /** The text-to-image card (a kind that {@link ModelKind#readsText() reads text}). */
    public final ModelCard card;
    /** The transformer's weights (the released {@code t2i_model.bin}). */
    public final Path weights;
    /** The transformer's architecture: the card's config, the official constructor arguments as JSON. */
    public final String configJson;
    /** The text encoder's card (role {@link ModelKind.Role#TEXT_ENCODER}). */
    public final ModelCard textEncoder;
    public final Path textEncoderWeights;
    /** The text encoder's own {@code config.json}. */
    public final Path textEncoderConfig;
    /** The text encoder's {@code tokenizer.json}. */
    public final Path tokenizer;
    /** The DC-AE card that decodes the latents (its files are resolved by {@link ModelStore#weightsPath}). */
    public final ModelCard decoder;

    TextModelFiles(ModelCard card, Path weights, ModelCard textEncoder, Path textEncoderWeights, Path textEncoderConfig,
                   Path tokenizer, ModelCard decoder) {
        this.card = card;
        this.weights = weights;
        this.configJson = card.config().toString();
        this.textEncoder = textEncoder;
        this.textEncoderWeights = textEncoderWeights;
        this.textEncoderConfig = textEncoderConfig;
        this.tokenizer = tokenizer;
        this.decoder = decoder;
    }

    static TextModelFiles resolve(ModelStore store, String modelId) throws ModelException {
        ModelCatalog catalog = store.catalog();
        ModelCard card = catalog.require(modelId);
        if (!card.kind().readsText()) {
            throw new ModelException(ModelException.Reason.UNKNOWN_MODEL, "model '" + modelId + "' is a "
                    + card.kind().jsonName() + " model, not a text-to-image model");
        }
        ModelCard encoder = catalog.textEncoderFor(card);
        return new TextModelFiles(card, store.path(card, card.weightsFile()), encoder,
                store.path(encoder, encoder.weightsFile()), store.path(encoder, roleFile(encoder, ModelFile.ROLE_CONFIG)),
                store.path(encoder, roleFile(encoder, ModelFile.ROLE_TOKENIZER)), catalog.decoderFor(card));
    }

    private static ModelFile roleFile(ModelCard card, String role) throws ModelException {
        return card.fileWithRole(role).orElseThrow(() -> new ModelException(ModelException.Reason.INVALID_CARD,
                "model card " + card.source() + ": field 'files': no file with role '" + role + "'"));
    }
}
