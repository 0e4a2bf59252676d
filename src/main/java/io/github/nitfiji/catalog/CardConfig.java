package io.github.nitfiji.catalog;

import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.tim.TimT2iConfig;

/**
 * Checks a card's {@code config} object for its kind when the card is read, so a card that
 * cannot build its model is refused with the card and field named, not at the first generation.
 * TiM-T2I and Gemma configs are read by the very classes that build those models, so a card is
 * accepted exactly when the engine can run it.
 */
final class CardConfig {
    /** Integer NiT (and TiM-C2I) constructor arguments the engine cannot work without. */
    private static final String[] CLASS_MODEL_REQUIRED_INTS = {
        "patch_size", "in_channels", "hidden_size", "depth", "num_heads", "num_classes"};
    /** DC-AE config fields the engine cannot work without. */
    private static final String[] DCAE_REQUIRED = {
        "in_channels", "latent_channels", "attention_head_dim", "decoder_block_out_channels",
        "decoder_layers_per_block", "decoder_block_types", "scaling_factor"};

    private CardConfig() {
    }

    /** Throws a {@link io.github.nitfiji.io.JsonFormatException} naming the card and field when unfit. */
    static void check(ModelKind kind, JsonFields config) {
        switch (kind) {
            case NIT:
            case TIM_C2I:
            case NIT_FINETUNE:
                checkClassModel(config);
                return;
            case TIM_T2I:
                buildable(config, () -> TimT2iConfig.fromJson(config.json().toString(), "the TiM-T2I architecture"));
                return;
            case GEMMA3_TEXT:
                buildable(config, () -> GemmaConfig.fromJson(config.json().toString(), "the Gemma-3 architecture"));
                return;
            default:
                checkDecoder(kind, config);
        }
    }

    private static void checkClassModel(JsonFields config) {
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

    private static void checkDecoder(ModelKind kind, JsonFields config) {
        for (String field : DCAE_REQUIRED) {
            if (!config.has(field)) {
                throw config.error(field, "missing (required for a " + kind.jsonName() + " model)");
            }
        }
        for (String field : new String[] {"in_channels", "latent_channels", "attention_head_dim"}) {
            positive(config, field, config.requiredInt(field));
        }
        positive(config, "scaling_factor", config.requiredNumber("scaling_factor"));
    }

    private static void buildable(JsonFields config, Runnable build) {
        try {
            build.run();
        } catch (ModelConfigException e) {
            throw config.error(e.getMessage());
        }
    }

    private static void positive(JsonFields fields, String field, double value) {
        if (value <= 0) {
            throw fields.error(field, "must be positive, got " + fields.json().get(field));
        }
    }
}
