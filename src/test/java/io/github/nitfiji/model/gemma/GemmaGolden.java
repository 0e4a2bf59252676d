package io.github.nitfiji.model.gemma;

import com.google.gson.JsonObject;
import io.github.nitfiji.Golden;

/** The TiM-T2I golden index (tim_t2i.json): texts, configs and case parameters. */
final class GemmaGolden {
    static final String CASES = "tim_t2i/tim_t2i_cases.safetensors";
    static final String GEMMA = "tim_t2i/gemma_tiny.safetensors";

    private GemmaGolden() {
    }

    static JsonObject index() {
        return Golden.json("tim_t2i/tim_t2i.json");
    }
}
