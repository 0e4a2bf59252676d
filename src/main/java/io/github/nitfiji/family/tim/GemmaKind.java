package io.github.nitfiji.family.tim;

import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelFile;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.family.CardChecks;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.model.gemma.GemmaConfig;
import java.util.List;
import java.util.Map;

/** Gemma-3 as TiM-T2I's text encoder: its weights, {@code config.json} and {@code tokenizer.json}. */
public final class GemmaKind implements ModelKind {
    @Override
    public String jsonName() {
        return "gemma3-text";
    }

    @Override
    public Role role() {
        return Role.TEXT_ENCODER;
    }

    @Override
    public List<String> requiredFileRoles() {
        return List.of(ModelFile.ROLE_TOKENIZER);
    }

    @Override
    public void checkConfig(JsonFields config) {
        CardChecks.buildable(config, () -> GemmaConfig.fromJson(config.json().toString(), "the Gemma-3 architecture"));
    }

    @Override
    public Map<String, long[]> expectedShapes(JsonObject config, String source) {
        return GemmaConfig.fromJson(config.toString(), source).expectedShapes();
    }
}
