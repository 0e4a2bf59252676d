package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.batch.Manifest;
import io.github.nitfiji.batch.ManifestRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch command with the real pipeline (bundled smoke-test model), as a scheduler would run it. */
class BatchCliIT {
    /** 16 images: two requests of different sizes and classes, with the JSON form. */
    private static final String JOB = "{\"requests\": [\n"
            + "  {\"class\": 207, \"width\": 64, \"height\": 48, \"images\": 10, \"seed\": 10, \"model\": \"smoke-test\", "
            + "\"steps\": 2},\n"
            + "  {\"id\": \"fox\", \"prompt\": \"red fox\", \"width\": 32, \"height\": 64, \"seeds\": \"0-5\", "
            + "\"model\": \"smoke-test\", \"steps\": 2, \"device\": \"cpu\"}\n]}\n";

    @TempDir
    Path dir;

    private Path job() throws Exception {
        return Files.write(dir.resolve("job.json"), JOB.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fourShardsGiveTheSameImagesAndMergedManifestAsOne() throws Exception {
        Path job = job();
        // one thread everywhere: the pixel hashes of the shards and of the single run must match
        CliRunner one = CliRunner.runWithThreads(1, dir, "batch", job.toString(), "--out", "one");
        assertEquals(0, one.exitCode, one.toString());
        for (int k = 1; k <= 4; k++) {
            CliRunner part = CliRunner.runWithThreads(1, dir, "batch", job.toString(), "--out", "four", "--shard",
                    k + "/4");
            assertEquals(0, part.exitCode, part.toString());
            assertTrue(part.err.contains("4 images, 4 generated, 0 already done"), part.err);
        }
        assertEquals(0, CliRunner.run(dir, "batch", "merge", job.toString(), "--out", "one").exitCode);
        CliRunner merged = CliRunner.run(dir, "batch", "merge", job.toString(), "--out", "four");
        assertEquals(0, merged.exitCode, merged.toString());
        List<ManifestRow> a = Manifest.read(dir.resolve("one/manifest.csv"));
        List<ManifestRow> b = Manifest.read(dir.resolve("four/manifest.csv"));
        assertEquals(16, a.size());
        assertEquals(timeless(a), timeless(b));
        assertEquals("fox-5", a.get(15).task());
        assertEquals("277", a.get(15).get("class"));
        for (ManifestRow row : a) {
            assertTrue(Files.isRegularFile(dir.resolve("four").resolve(row.get("file"))), row.task());
        }
        for (ManifestRow row : b) {
            assertEquals("1", row.get("threads"), "each shard records its CPU threads: " + row.task());
        }
    }

    @Test
    void aKilledRunResumesWithNothingRedoneAndNothingLost() throws Exception {
        Path job = job();
        Path manifest = dir.resolve("out/manifest/shard-1-of-1.csv");
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                CliRunner.JAR.toString(), "batch", job.toString(), "--out", "out")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (rows(manifest) < 5 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        p.destroyForcibly().waitFor();
        int before = rows(manifest);
        assertTrue(before >= 5 && before < 16, "killed after " + before + " images");
        CliRunner resumed = CliRunner.run(dir, "batch", job.toString(), "--out", "out");
        assertEquals(0, resumed.exitCode, resumed.toString());
        List<ManifestRow> all = Manifest.read(manifest);
        assertEquals(16, all.size());
        int redone = 16 - before;
        assertTrue(resumed.err.contains(redone + " generated, " + before + " already done"),
                "only the images without a row run again: " + resumed.err);
        assertEquals(16, all.stream().map(ManifestRow::task).distinct().count());
        try (var files = Files.list(dir.resolve("out/images"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toList());
            assertEquals(16, names.size(), "no partial files left: " + names);
        }
        CliRunner again = CliRunner.run(dir, "batch", job.toString(), "--out", "out");
        assertTrue(again.err.contains("0 generated, 16 already done"), again.err);
    }

    @Test
    void badJobsAreRefusedBeforeAnyWork() throws Exception {
        Path unknown = Files.write(dir.resolve("bad.csv"),
                "class,seed,steps,stepz\n207,1,2,4\n".getBytes(StandardCharsets.UTF_8));
        CliRunner r = CliRunner.run(dir, "batch", unknown.toString(), "--out", "x");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("bad.csv line 2") && r.err.contains("stepz"), r.err);
        Path size = Files.write(dir.resolve("size.json"), ("{\"requests\": [\n{\"class\": 1, \"seed\": 0, "
                + "\"model\": \"smoke-test\"},\n{\"class\": 2, \"seed\": 0, \"width\": 9000, \"model\": \"smoke-test\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        r = CliRunner.run(dir, "batch", size.toString(), "--out", "x");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("size.json request 2 (line 3)") && r.err.contains("width"), r.err);
        Path dup = Files.write(dir.resolve("dup.csv"), "id,class,seeds,model\na,1,0-3,smoke-test\na,2,3-4,smoke-test\n"
                .getBytes(StandardCharsets.UTF_8));
        r = CliRunner.run(dir, "batch", dup.toString(), "--out", "x");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("a-3"), r.err);
        assertFalse(Files.exists(dir.resolve("x")), "nothing made for a refused job");
        Path file = Files.write(dir.resolve("plain"), new byte[] {1});
        r = CliRunner.run(dir, "batch", job().toString(), "--out", file.toString());
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.contains("is a file"), r.err);
        r = CliRunner.run(dir, "batch", job().toString(), "--out", "y", "--shard", "5/4");
        assertEquals(2, r.exitCode, r.toString());
    }

    private static List<List<String>> timeless(List<ManifestRow> rows) {
        List<List<String>> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.reproducible()));
        return out;
    }

    private static int rows(Path manifest) {
        try {
            return Manifest.read(manifest).size();
        } catch (Exception e) {
            return 0;
        }
    }
}
