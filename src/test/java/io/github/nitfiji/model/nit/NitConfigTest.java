package io.github.nitfiji.model.nit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.model.ModelConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NitConfigTest {
    private static final String XL = NitConfig.xl().toJson();

    @Test
    void roundTripsThroughJsonAndTakesTheOfficialDefaults() {
        NitConfig c = NitConfig.fromJson(XL, "xl");
        assertEquals(1152, c.hiddenSize);
        assertEquals(28, c.depth);
        assertTrue(c.qkNorm);
        NitConfig minimal = NitConfig.fromJson("{\"hidden_size\": 96, \"depth\": 3, \"num_heads\": 4,"
                + " \"qk_norm\": false, \"class_dropout_prob\": 0.1}", "tiny");
        assertEquals(4.0, minimal.mlpRatio);
        assertEquals(32, minimal.inChannels);
        assertEquals(1000, minimal.numClasses);
        assertFalse(minimal.qkNorm);
    }

    @Test
    void typesAreStrictAndErrorsNameTheFileAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nit.json");
        Files.write(file, XL.replace("\"depth\":28", "\"depth\":\"28\"").getBytes(StandardCharsets.UTF_8));
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> NitConfig.fromFile(file));
        assertEquals(file + ": field 'depth': expected an integer, got \"28\"", e.getMessage());

        assertMessage(XL.replace("\"qk_norm\":true", "\"qk_norm\":\"yes\""), "src: field 'qk_norm'", "true or false");
        assertMessage(XL.replace("\"mlp_ratio\":4.0", "\"mlp_ratio\":\"4\""), "src: field 'mlp_ratio'", "a number");
        assertMessage(XL.replace("\"hidden_size\":1152,", ""), "src: field 'hidden_size': missing");
        assertMessage("{\"hidden_size\": 1152,", "src: not valid JSON");
    }

    @Test
    void architectureErrorsAlsoNameTheSource() {
        assertMessage(XL.replace("\"num_heads\":16", "\"num_heads\":7"), "src: ", "num_heads (7) must divide");
    }

    private static void assertMessage(String json, String... parts) {
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> NitConfig.fromJson(json, "src"));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }
}
