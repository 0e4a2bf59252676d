package io.github.nitfiji.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFileTest {
    private static final List<String> KEYS = new PatternRunner().requestKeys();

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void jsonFormOfTheIssueExpandsInOrder() throws Exception {
        Path f = file("job.json", "{\"requests\": [\n"
                + "  {\"class\": 207, \"width\": 256, \"height\": 192, \"images\": 4, \"seed\": 10, \"model\": \"smoke-test\", \"steps\": 4},\n"
                + "  {\"id\": \"fox\", \"prompt\": \"red fox\", \"seeds\": \"100-102\"}\n]}");
        List<JobRequest> requests = JobFile.read(f, KEYS);
        assertEquals(2, requests.size());
        assertEquals("207", requests.get(0).settings().get("prompt"));
        assertEquals("256", requests.get(0).settings().get("width"));
        BatchPlan plan = BatchPlan.of(requests, new PatternRunner());
        assertEquals(7, plan.tasks().size());
        assertEquals("r1-10", plan.tasks().get(0).id());
        assertEquals("r1-13", plan.tasks().get(3).id());
        assertEquals("fox-100", plan.tasks().get(4).id());
        assertEquals("1", plan.tasks().get(4).settings().get("images"));
        assertEquals("101", plan.tasks().get(5).settings().get("seed"));
    }

    @Test
    void csvWithQuotedPrompts() throws Exception {
        Path f = file("job.csv", "id,prompt,width,seed,images\nfox,\"red fox, running\",96,5,2\n,3,64,0,1\n");
        List<JobRequest> requests = JobFile.read(f, KEYS);
        assertEquals("red fox, running", requests.get(0).settings().get("prompt"));
        assertEquals("r2", requests.get(1).id());
        assertEquals(2, requests.get(0).images());
    }

    @Test
    void badJobsAreRefusedNamingTheLine() throws Exception {
        String unknown = message(file("a.csv", "class,seed,stepz\n1,0,4\n"));
        assertTrue(unknown.contains("a.csv line 2") && unknown.contains("stepz"), unknown);
        String size = message(file("b.json", "{\"requests\": [\n{\"class\": 1, \"seed\": 0},\n"
                + "{\"class\": 2, \"seed\": 0, \"width\": 0}]}"));
        assertTrue(size.contains("b.json request 2 (line 3)") && size.contains("width"), size);
        String dup = message(file("c.json", "{\"requests\": [{\"id\": \"x\", \"class\": 1, \"seed\": 0, \"images\": 3},"
                + "{\"id\": \"x\", \"class\": 2, \"seed\": 2}]}"));
        assertTrue(dup.contains("x-2") && dup.contains("request 1"), dup);
        assertTrue(message(file("d.csv", "class\n1\n")).contains("give seed"));
        assertTrue(message(file("e.csv", "class,prompt,seed\n1,fox,0\n")).contains("not both"));
        assertTrue(message(file("f.csv", "class,seed\n1,-3\n")).contains(">= 0"));
        assertTrue(message(file("g.csv", "class,seeds\n1,9-3\n")).contains("backwards"));
        assertTrue(message(file("h.json", "{\"requests\": [{\"class\": 1, \"seed\": 0}")).contains("h.json"));
        assertTrue(message(file("i.json", "{\"jobs\": []}")).contains("unknown top-level key"));
        assertTrue(message(file("j.csv", "class,seed,images\n1," + Long.MAX_VALUE + ",2\n")).contains("64 bits"));
        assertTrue(message(file("k.txt", "x")).contains(".json or .csv"));
        assertTrue(message(file("l.json", "{\"requests\": [{\"id\": \"../up\", \"class\": 1, \"seed\": 0}]}"))
                .contains("id '../up'"));
    }

    private String message(Path f) {
        return assertThrows(IllegalArgumentException.class,
                () -> BatchPlan.of(JobFile.read(f, KEYS), new PatternRunner())).getMessage();
    }
}
