package io.github.nitfiji.catalog;

import com.google.gson.JsonObject;
import io.github.nitfiji.io.JsonFields;
import java.util.List;
import java.util.Map;

/**
 * What the catalogue needs to know of one kind of model card (the {@code kind} field): its role,
 * how its {@code config} is checked, which tensors its architecture reads, and what its card must
 * name. Every model family supplies one, and so does each component model (the decoder, a text
 * encoder); they are found with {@link java.util.ServiceLoader} ({@link ModelKinds}), so the
 * catalogue never imports a model class and a new kind is a new class plus one registration.
 */
public interface ModelKind {
    /** What a kind of model does in a pipeline. */
    enum Role {
        /** Generates latents (and so names a decoder): NiT, TiM. */
        GENERATOR,
        /** Turns latents into pixels (and back): DC-AE. */
        DECODER,
        /** Turns a prompt into the hidden states a text-to-image generator reads: Gemma-3. */
        TEXT_ENCODER
    }

    /** The spelling in card files, e.g. {@code nit}. */
    String jsonName();

    Role role();

    /** Whether this kind generates latents (and so names a decoder). */
    default boolean generates() {
        return role() == Role.GENERATOR;
    }

    /** Whether its cards name a text encoder (text-to-image generators). */
    default boolean readsText() {
        return false;
    }

    /** Whether its files come from somewhere (false: made on this machine, as a fine-tune is). */
    default boolean downloadable() {
        return true;
    }

    /** File roles a card of this kind must list besides its weights (a text encoder's tokenizer). */
    default List<String> requiredFileRoles() {
        return List.of();
    }

    /** The sampler names its card presets may use. */
    default List<String> presetSamplers() {
        return List.of();
    }

    /** Whether its card presets may set a stochasticity. */
    default boolean presetsTakeStochasticity() {
        return false;
    }

    /**
     * Checks a card's {@code config} when the card is read, so that a card that cannot build its
     * model is refused with the card and field named.
     *
     * @throws io.github.nitfiji.io.JsonFormatException naming the card and field
     */
    void checkConfig(JsonFields config);

    /**
     * Checks the fields a card of this kind has beyond the common ones (a fine-tune's base and
     * classes) when the card is read.
     *
     * @throws io.github.nitfiji.io.JsonFormatException naming the card and field
     */
    default void checkCard(JsonFields card) {
    }

    /**
     * The tensors the architecture of {@code config} reads, by name, for checking a weights file
     * before it is accepted; null when no check is known.
     *
     * @param source the card, for messages
     * @throws RuntimeException with a message when the config cannot be built
     */
    Map<String, long[]> expectedShapes(JsonObject config, String source);
}
