package io.github.nitfiji.robustness;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.batch.JobFile;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.tim.TimConfig;
import io.github.nitfiji.model.tim.TimT2iConfig;
import io.github.nitfiji.runtime.EngineRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, item 7 and issue 24, item 6: every JSON file we parse goes through the one strict
 * reader, so each of them refuses the same things: "28" where a number belongs, 28.5 where an
 * integer belongs, a key given twice, a second document or any text after the first. The
 * messages name the file and never carry Gson's or Java's own words.
 */
class OneJsonReaderTest {
    private static final String GEMMA = "{\"head_dim\": 32, \"hidden_activation\": \"gelu_pytorch_tanh\","
            + " \"hidden_size\": 64, \"intermediate_size\": 128, \"num_attention_heads\": 4, \"num_hidden_layers\": 2,"
            + " \"num_key_value_heads\": 1, \"pad_token_id\": 0, \"query_pre_attn_scalar\": 32, \"rms_norm_eps\": 1e-06,"
            + " \"rope_theta\": 1000000.0, \"rope_local_base_freq\": 10000.0, \"sliding_window\": 512,"
            + " \"sliding_window_pattern\": 6, \"vocab_size\": 512}";
    private static final String TENSOR = "{\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}";

    @TempDir
    Path dir;

    /** One reader: how to read a text, a valid text, and its integer field as written in it. */
    private interface Reader {
        void read(String json) throws Exception;
    }

    private static final class Case {
        final String name;
        final String valid;
        final String integerField;
        final Reader reader;

        Case(String name, String valid, String integerField, Reader reader) {
            this.name = name;
            this.valid = valid;
            this.integerField = integerField;
            this.reader = reader;
        }
    }

    private List<Case> readers() throws Exception {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("NiT config", NitConfig.xl().toJson(), "\"depth\":28", j -> NitConfig.fromJson(j, "nit.json")));
        cases.add(new Case("TiM config", TimConfig.xl().toJson(), "\"depth\":28", j -> TimConfig.fromJson(j, "tim.json")));
        cases.add(new Case("TiM-T2I config", TimT2iConfig.xl().toJson(), "\"depth\":28",
                j -> TimT2iConfig.fromJson(j, "t2i.json")));
        cases.add(new Case("Gemma config", GEMMA, "\"num_hidden_layers\": 2", j -> GemmaConfig.fromJson(j, "gemma.json")));
        cases.add(new Case("DC-AE config", io.github.nitfiji.Golden.index().get("dcae_config").toString(),
                "\"latent_channels\":32", j -> DcAeConfig.fromJson(j, "dcae.json")));
        cases.add(new Case("model card", Files.readString(Paths.get("models", "nit-xl-1000k.json")), "\"depth\": 28",
                j -> ModelCard.parse(j, "card.json")));
        cases.add(new Case("safetensors header", "{\"w\": " + TENSOR + "}", "\"data_offsets\": [0, 8]",
                j -> safetensors(j)));
        cases.add(new Case("job file", "{\"requests\": [{\"class\": 207, \"seed\": 4, \"images\": 2}]}",
                "\"images\": 2", j -> job(j)));
        cases.add(new Case("engine record", "{\"folder\": \"/opt/libtorch/lib\", \"version\": \"2.7.1\","
                + " \"flavor\": \"cpu\", \"origin\": \"engine use\"}", null, j -> engineRecord(j)));
        return cases;
    }

    @Test
    void everyReaderRefusesTheSameThingsInTheSameWords() throws Exception {
        for (Case c : readers()) {
            c.reader.read(c.valid); // the valid text reads
            List<String> bad = new ArrayList<>();
            int brace = c.valid.indexOf('{');
            String firstKey = c.valid.substring(brace + 1, c.valid.indexOf(':', brace)).trim();
            bad.add("{" + firstKey + ": 1, " + c.valid.substring(brace + 1)); // a key twice (first value of any kind)
            bad.add(c.valid + "\n" + c.valid); // two documents
            bad.add(c.valid + " and some text"); // text after the document
            bad.add(c.valid + "}"); // a stray closing brace
            if (c.integerField != null) {
                String field = c.integerField;
                int colon = field.indexOf(':');
                String value = field.substring(colon + 1).trim();
                String number = value.startsWith("[") ? value.substring(1, value.indexOf(',')) : value;
                String key = field.substring(0, colon + 1);
                String rest = field.substring(colon + 1).trim();
                assertTrue(c.valid.contains(field), c.name + " holds " + field);
                if (!c.name.equals("job file")) { // a job's values are text, as in its CSV twin (test below)
                    bad.add(c.valid.replace(field, key + " " + rest.replaceFirst(number, "\"" + number + "\""))); // "28"
                }
                bad.add(c.valid.replace(field, key + " " + rest.replaceFirst(number, number + ".5"))); // 28.5
            } else {
                bad.add(c.valid.replace("\"2.7.1\"", "2.71")); // a number where text belongs
            }
            for (String text : bad) {
                Exception e = assertThrows(Exception.class, () -> c.reader.read(text), c.name + " accepted: " + text);
                String m = String.valueOf(e.getMessage());
                assertFalse(m.contains("BEGIN_") || m.contains("setStrictness") || m.contains("setLenient")
                        || m.contains("Exception") || m.contains("com.google") || m.contains("java."),
                        c.name + ": " + m);
                assertFalse(m.contains("\n"), c.name + ": one line: " + m);
            }
        }
    }

    @Test
    void aJobFileTakesTextOrNumbersAlikeButNeverAFractionForACount() throws Exception {
        // job values are text, as in the CSV form of the same job: "2" and 2 mean the same
        Path f = Files.writeString(dir.resolve("job.json"), "{\"requests\": [{\"class\": \"207\", \"seed\": 4,"
                + " \"images\": \"2\"}]}");
        assertEquals(2, JobFile.read(f, List.of("prompt")).get(0).images());
    }

    private void safetensors(String header) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1).putFloat(2);
        Path file = Files.write(dir.resolve("x.safetensors"), b.array());
        SafetensorsFile.open(file).close();
    }

    private void job(String json) throws Exception {
        Path f = Files.writeString(dir.resolve("job.json"), json);
        JobFile.read(f, List.of("prompt"));
    }

    private void engineRecord(String json) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve(EngineRecord.FILE), json);
        String problem = EngineRecord.problem(models);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        assertNotNull(EngineRecord.read(models));
    }
}
