package io.github.nitfiji.model.gemma;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token ids against the official tokenizers run ({@code tok.*} in the TiM-T2I goldens). */
class GemmaTokenizerTest {
    private static final String CASES = "tim_t2i/tim_t2i_cases.safetensors";
    /** The goldens' TiM call uses max_length 16. */
    private static final int GOLDEN_MAX = 16;

    @Test
    void idsMatchTheOfficialTokenizerForEveryCase() throws Exception {
        int cases = 0;
        try (GemmaTokenizer tokenizer = GemmaTokenizer.open(TestFiles.golden("tim_t2i/tokenizer.json"))) {
            for (JsonElement element : GemmaGolden.index().getAsJsonArray("tokenizer_cases")) {
                JsonObject c = element.getAsJsonObject();
                String name = c.get("name").getAsString();
                String text = c.get("text").getAsString();
                int[] full = ints(Golden.tensor(CASES, "tok." + name + ".ids"));
                assertArrayEquals(full, tokenizer.encode(text, Integer.MAX_VALUE).ids(), name);
                PromptIds cut = tokenizer.encode(text, GOLDEN_MAX);
                int real = realLength(Golden.tensor(CASES, "tok." + name + ".mask_max"));
                int[] padded = ints(Golden.tensor(CASES, "tok." + name + ".ids_max"));
                assertArrayEquals(java.util.Arrays.copyOf(padded, real), cut.ids(), name + " (TiM's call)");
                assertEquals(c.get("truncated").getAsBoolean(), cut.dropped() > 0, name);
                assertEquals(full.length - real, cut.dropped(), name);
                String escaped = UnicodeEscape.escape(text);
                assertEquals(c.get("text_escaped").getAsString(), escaped, name);
                assertArrayEquals(ints(Golden.tensor(CASES, "tok." + name + ".ids_escaped")),
                        tokenizer.encode(escaped, Integer.MAX_VALUE).ids(), name + " escaped");
                cases++;
            }
        }
        assertEquals(8, cases);
    }

    @Test
    void unicodeEscapeFollowsPython() {
        assertEquals("\\x7f\\x00\\t\\n\\r\\\\ \"'", UnicodeEscape.escape("\u007f\u0000\t\n\r\\ \"'"));
        assertEquals("\\xe9\\u20ac\\U0001f431", UnicodeEscape.escape("é€\uD83D\uDC31"));
    }

    @Test
    void aFileThatIsNotATokenizerIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path bogus = dir.resolve("tokenizer.json");
        Files.write(bogus, "{\"not\": \"a tokenizer\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> GemmaTokenizer.open(bogus));
        assertTrue(e.getMessage().contains(bogus.toString()), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> GemmaTokenizer.open(dir.resolve("missing.json")));
    }

    static int[] ints(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i]);
        }
        return out;
    }

    private static int realLength(float[] mask) {
        int n = 0;
        for (float m : mask) {
            n += Math.round(m);
        }
        return n;
    }
}
