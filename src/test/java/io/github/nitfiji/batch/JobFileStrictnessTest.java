package io.github.nitfiji.batch;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 6 and the job-file minors: a job file is one JSON document (a second one, or any
 * text after it, is refused), a key or column is given once, Excel's byte order mark is no key,
 * a job has a total size limit and is planned without making every task, and what a job file
 * says is echoed without its control characters.
 */
@Timeout(30)
class JobFileStrictnessTest {
    private static final List<String> KEYS = new PatternRunner().requestKeys();

    @TempDir
    Path dir;

    private List<JobRequest> read(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        return JobFile.read(f, KEYS);
    }

    private String refusal(String name, String text) {
        return assertThrows(IllegalArgumentException.class, () -> BatchPlan.of(read(name, text), new PatternRunner()))
                .getMessage();
    }

    @Test
    void twoDocumentsOrTextAfterTheDocumentAreRefused() {
        String a = "{\"requests\": [{\"class\": 1, \"seed\": 0}]}";
        String b = "{\"requests\": [{\"class\": 2, \"seed\": 5}]}";
        for (String text : new String[] {a + "\n" + b, a + b, a + " trailing words", a + "\n]"}) {
            String message = refusal("job.json", text);
            assertTrue(message.contains("job.json") && message.contains("after the end of the JSON document"),
                    message);
        }
    }

    @Test
    void aKeyOrColumnGivenTwiceIsRefused() {
        String requests = refusal("twice.json", "{\"requests\": [{\"class\": 1, \"seed\": 0}],"
                + " \"requests\": [{\"class\": 2, \"seed\": 0}]}");
        assertTrue(requests.contains("'requests' appears more than once"), requests);
        String key = refusal("key.json", "{\"requests\": [{\"class\": 1, \"seed\": 0, \"seed\": 3}]}");
        assertTrue(key.contains("'seed' appears more than once"), key);
        String column = refusal("column.csv", "class,seed,seed\n1,0,3\n");
        assertTrue(column.contains("column 'seed' appears twice"), column);
    }

    @Test
    void excelsByteOrderMarkIsNotPartOfTheFirstKey() throws Exception {
        List<JobRequest> csv = read("excel.csv", "\uFEFFclass,seed\n207,4\n");
        assertEquals("207", csv.get(0).settings().get("prompt"));
        List<JobRequest> json = read("bom.json", "\uFEFF{\"requests\": [{\"class\": 3, \"seed\": 1}]}");
        assertEquals("3", json.get(0).settings().get("prompt"));
    }

    @Test
    void aJobHasATotalLimitAndIsPlannedWithoutMakingEveryTask() throws Exception {
        StringBuilder big = new StringBuilder("{\"requests\": [");
        for (int i = 0; i < 10; i++) {
            big.append(i == 0 ? "" : ",").append("{\"id\": \"r").append(i)
                    .append("\", \"class\": 1, \"seed\": 0, \"images\": 1e6}");
        }
        String message = refusal("big.json", big.append("]}").toString());
        assertTrue(message.contains("at most " + BatchPlan.MAX_TASKS), message);

        long start = System.nanoTime();
        BatchPlan plan = BatchPlan.of(read("full.json",
                "{\"requests\": [{\"class\": 1, \"seed\": 0, \"images\": 999999}, {\"id\": \"x\", \"class\": 2, \"seed\": 7}]}"),
                new PatternRunner());
        assertEquals(1_000_000, plan.tasks().size());
        List<BatchTask> shard = plan.tasks(Shard.of(3, 4));
        assertEquals(250_000, shard.size());
        assertEquals("x-7", plan.tasks().get(999_999).id());
        assertEquals(999_998, shard.get(shard.size() - 1).index(), "shard 3 of 4 holds indices 2, 6, ...");
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "planning a million images is immediate");
    }

    @Test
    void textFromTheJobIsEchoedWithoutControlCharacters() {
        String message = refusal("esc.json", "{\"requests\": [{\"id\": \"a\\u001b[31mred\\u0000b\", \"class\": 1,"
                + " \"seed\": 0}]}");
        assertTrue(message.contains("\\u001b[31mred\\u0000"), message);
        assertFalse(message.chars().anyMatch(c -> c < 0x20), message);
        String key = refusal("key.csv", "class,seed,st\u001beps\n1,0,3\n");
        assertFalse(key.chars().anyMatch(c -> c < 0x20), key);
    }
}
