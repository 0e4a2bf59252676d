package io.github.nitfiji.family.dcae;

import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.family.CardChecks;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import java.util.Map;

/** The DC-AE autoencoder (diffusers' {@code AutoencoderDC} layout): latents to pixels, and back. */
public final class DcAeKind implements ModelKind {
    /** Config fields the engine cannot work without. */
    private static final String[] REQUIRED = {
        "in_channels", "latent_channels", "attention_head_dim", "decoder_block_out_channels",
        "decoder_layers_per_block", "decoder_block_types", "scaling_factor"};

    @Override
    public String jsonName() {
        return "dc-ae";
    }

    @Override
    public Role role() {
        return Role.DECODER;
    }

    @Override
    public void checkConfig(JsonFields config) {
        for (String field : REQUIRED) {
            if (!config.has(field)) {
                throw config.error(field, "missing (required for a " + jsonName() + " model)");
            }
        }
        for (String field : new String[] {"in_channels", "latent_channels", "attention_head_dim"}) {
            CardChecks.positive(config, field, config.requiredInt(field));
        }
        CardChecks.positive(config, "scaling_factor", config.requiredNumber("scaling_factor"));
    }

    @Override
    public Map<String, long[]> expectedShapes(JsonObject config, String source) {
        return DcAeDecoder.expectedShapes(DcAeConfig.fromJson(config.toString(), source));
    }
}
