package io.github.nitfiji.model.gemma;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** The TiM-T2I golden index (tim_t2i.json): texts, configs and case parameters. */
final class GemmaGolden {
    static final String CASES = "tim_t2i/tim_t2i_cases.safetensors";
    static final String GEMMA = "tim_t2i/gemma_tiny.safetensors";

    private GemmaGolden() {
    }

    static JsonObject index() {
        try {
            return JsonParser.parseString(new String(Files.readAllBytes(TestFiles.golden("tim_t2i/tim_t2i.json")),
                    StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
