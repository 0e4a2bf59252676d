package io.github.nitfiji.family;

import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.model.ModelConfigException;
import java.util.function.Supplier;

/**
 * Card {@code config} checks the families share: the class-model fields NiT and TiM-C2I cannot
 * work without, and "the engine's own config reader accepts it", so that a card is accepted
 * exactly when the engine can build its model, and refused naming the card and the field.
 */
public final class CardChecks {
    /** Integer NiT (and TiM-C2I) constructor arguments the engine cannot work without. */
    private static final String[] CLASS_MODEL_REQUIRED_INTS = {
        "patch_size", "in_channels", "hidden_size", "depth", "num_heads", "num_classes"};

    private CardChecks() {
    }

    /** The fields of a class-conditioned transformer's config (official constructor arguments). */
    public static void classModel(JsonFields config) {
        for (String field : CLASS_MODEL_REQUIRED_INTS) {
            positive(config, field, config.requiredInt(field));
        }
        positive(config, "mlp_ratio", config.requiredNumber("mlp_ratio"));
        int hidden = config.requiredInt("hidden_size");
        int heads = config.requiredInt("num_heads");
        if (hidden % heads != 0) {
            throw config.error("num_heads", heads + " does not divide hidden_size " + hidden);
        }
    }

    /** Builds the config with the engine's reader; its complaint becomes the card's. */
    public static void buildable(JsonFields config, Supplier<?> build) {
        try {
            build.get();
        } catch (ModelConfigException e) {
            throw config.error(e.getMessage());
        }
    }

    /** A number that must be above 0. */
    public static void positive(JsonFields fields, String field, double value) {
        if (value <= 0) {
            throw fields.error(field, "must be positive, got " + fields.json().get(field));
        }
    }
}
