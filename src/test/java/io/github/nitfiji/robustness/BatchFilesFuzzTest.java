package io.github.nitfiji.robustness;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.batch.JobFile;
import io.github.nitfiji.batch.Manifest;
import io.github.nitfiji.batch.ManifestRow;
import io.github.nitfiji.runtime.EngineRecord;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzers over the files a batch run and the engine commands read back: job files
 * (JSON and CSV), shard manifests and engine records. Each input must be read or refused with our
 * own exception and a message without raw control characters or Java class names; a manifest
 * damaged on one line must keep every other row; an engine record is never a reason to throw.
 * Counts and budgets are printed for docs/reliability.md.
 */
class BatchFilesFuzzTest {
    private static final long SEED = 20261205L;
    private static final long BUDGET_NANOS = 2_500_000_000L;
    private static final int MAX_ITERATIONS = 20_000;
    private static final List<String> KEYS = List.of("prompt", "width", "height", "steps", "cfg", "model", "sampler");

    @TempDir
    Path dir;

    private static final String JOB_JSON = "{\"requests\": [\n"
            + "  {\"class\": 207, \"width\": 256, \"height\": 192, \"images\": 4, \"seed\": 10, \"steps\": 4},\n"
            + "  {\"id\": \"fox\", \"prompt\": \"red fox\", \"seeds\": \"100-102\", \"cfg\": 1.5},\n"
            + "  {\"id\": \"x\", \"class\": 1, \"seed\": 0, \"model\": \"smoke-test\", \"sampler\": \"ode\"}\n]}";
    private static final String JOB_CSV = "id,class,prompt,seed,seeds,images,width,steps\n"
            + "a,207,,10,,4,256,4\nfox,,\"red fox, running\",,100-102,,96,\n,1,,0,,,64,\n";

    @Test
    void jsonJobFilesAreReadOrRefusedInWords() {
        int[] outcome = fuzz("JSON job file", JOB_JSON, SEED, text -> JobFile.parse(text, "job.json", KEYS));
        assertTrue(outcome[0] > 0 && outcome[1] > 0, "mutations reach both outcomes");
    }

    @Test
    void csvJobFilesAreReadOrRefusedInWords() {
        int[] outcome = fuzz("CSV job file", JOB_CSV, SEED + 1, text -> JobFile.parse(text, "job.csv", KEYS));
        assertTrue(outcome[0] > 0 && outcome[1] > 0, "mutations reach both outcomes");
    }

    @Test
    void manifestsAreReadOrRefusedAndOneDamagedLineCostsOnlyItself() throws Exception {
        String manifest = manifest(40);
        int[] outcome = fuzz("manifest", manifest, SEED + 2, text -> Manifest.readAll(new StringReader(text), "m.csv"));
        assertTrue(outcome[0] > 0, "some mutated manifests still read");

        // mutations confined to one data line (no line break added or removed there)
        String[] lines = manifest.split("\n");
        Random random = new Random(SEED + 3);
        int iterations = 0;
        long start = System.nanoTime();
        while (iterations < MAX_ITERATIONS && System.nanoTime() - start < BUDGET_NANOS) {
            int victim = 1 + random.nextInt(lines.length - 1);
            String damaged = new String(Mutations.mutate(lines[victim].getBytes(StandardCharsets.UTF_8), random),
                    StandardCharsets.UTF_8).replace("\n", "").replace("\r", "");
            String[] copy = lines.clone();
            copy[victim] = damaged;
            iterations++;
            Manifest.Contents read = Manifest.readAll(new StringReader(String.join("\n", copy) + "\n"), "m.csv");
            assertTrue(read.rows.size() >= lines.length - 2, "iteration " + iterations + " (seed " + (SEED + 3)
                    + "): one damaged line lost " + (lines.length - 1 - read.rows.size()) + " rows: " + damaged);
            for (String s : read.skipped) {
                assertTrue(s.contains("line " + (victim + 1)), "only the damaged line is reported: " + s);
            }
        }
        System.out.printf("one-line manifest fuzz: %d manifests of %d rows with one damaged line, %.1f s%n",
                iterations, lines.length - 1, (System.nanoTime() - start) / 1e9);
        assertTrue(iterations >= 200, "enough iterations to matter: " + iterations);
    }

    @Test
    void engineRecordsNeverThrow() throws Exception {
        String record = "{\n  \"folder\": \"/opt/l\u00efbtorch/lib\",\n  \"version\": \"2.7.1\",\n  \"flavor\": \"cpu\",\n"
                + "  \"origin\": \"engine use\",\n  \"libraries\": {\"libtorch.so\": \"7584:1733390000000\","
                + " \"libc10.so\": \"1405280:1733390000000\"}\n}";
        Path models = Files.createDirectories(dir.resolve("models"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.write(lib.resolve("libtorch.so"), new byte[7584]);
        Path file = models.resolve(EngineRecord.FILE);
        Random random = new Random(SEED + 4);
        int iterations = 0;
        int usable = 0;
        long start = System.nanoTime();
        while (iterations < MAX_ITERATIONS && System.nanoTime() - start < BUDGET_NANOS) {
            Files.write(file, Mutations.mutate(record.getBytes(StandardCharsets.UTF_8), random));
            iterations++;
            try {
                EngineRecord r = EngineRecord.read(models);
                String problem = EngineRecord.problem(models);
                assertEquals(r == null, problem != null, "read and problem agree");
                if (r != null) {
                    usable++;
                    r.folder();
                    r.folderProblem();
                    r.changes(lib);
                    assertFalse(r.toString().chars().anyMatch(c -> c < 0x20), r.toString());
                } else {
                    assertFalse(problem.contains("Exception") || problem.contains("BEGIN_"), problem);
                }
                EngineRecord.delete(models);
            } catch (Throwable t) {
                throw new AssertionError("iteration " + iterations + " (seed " + (SEED + 4) + "): unexpected " + t, t);
            }
        }
        System.out.printf("engine record fuzz: %d mutated records, %d usable, %.1f s%n", iterations, usable,
                (System.nanoTime() - start) / 1e9);
        assertTrue(iterations >= 500 && usable > 0, "enough iterations, both outcomes: " + iterations);
    }

    private interface Reader {
        void read(String text) throws IOException;
    }

    /** {read, refused} over seeded mutations of {@code base}; anything else than our refusal fails. */
    private static int[] fuzz(String what, String base, long seed, Reader reader) {
        Random random = new Random(seed);
        int read = 0;
        int refused = 0;
        int iterations = 0;
        long start = System.nanoTime();
        while (iterations < MAX_ITERATIONS && System.nanoTime() - start < BUDGET_NANOS) {
            String text = new String(Mutations.mutate(base.getBytes(StandardCharsets.UTF_8), random),
                    StandardCharsets.UTF_8);
            iterations++;
            try {
                reader.read(text);
                read++;
            } catch (IllegalArgumentException | IOException e) {
                refused++;
                String m = String.valueOf(e.getMessage());
                if (m.chars().anyMatch(c -> c < 0x20 && c != '\n') || m.contains("Exception") || m.contains("BEGIN_")
                        || m.contains("setStrictness") || m.contains("com.google")) {
                    throw new AssertionError("iteration " + iterations + " (seed " + seed + "): message " + m, e);
                }
            } catch (Throwable t) {
                throw new AssertionError("iteration " + iterations + " (seed " + seed + "): unexpected " + t
                        + " for " + text, t);
            }
        }
        System.out.printf("%s fuzz: %d mutated inputs, %d read, %d refused, %.1f s%n", what, iterations, read, refused,
                (System.nanoTime() - start) / 1e9);
        assertTrue(iterations >= 500, "enough iterations to matter: " + iterations);
        return new int[] {read, refused};
    }

    /** A manifest of {@code rows} rows as a run writes it. */
    private static String manifest(int rows) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.apache.commons.csv.CSVPrinter csv = Manifest.printer(out)) {
            for (int i = 0; i < rows; i++) {
                List<String> values = new ArrayList<>(List.of(Integer.toString(i), "r1-" + i, "r1", "207",
                        Integer.toString(i), "256", "192", "smoke-test", "ode 4 steps cfg 3.0 [0.0, 0.7]",
                        "prompt=red fox, \"quoted\";images=1;seed=" + i, "images/r1-" + i + ".png",
                        "ab".repeat(32), "1.250", "cpu", "2", "1234", "cd".repeat(32)));
                Manifest.print(csv, ManifestRow.fromArray(values.toArray(new String[0])));
            }
        }
        return out.toString();
    }
}
