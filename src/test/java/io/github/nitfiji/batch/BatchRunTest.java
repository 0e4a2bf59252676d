package io.github.nitfiji.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunTest {
    private static final BatchRun.Listener QUIET = new BatchRun.Listener() {
        @Override
        public void started(int tasks, int alreadyDone) {
        }

        @Override
        public void finished(BatchTask task, ManifestRow row, int doneSoFar, int tasks) {
        }
    };

    @TempDir
    Path dir;

    private BatchPlan sixteen(PatternRunner runner) throws Exception {
        Path job = dir.resolve("job.json");
        Files.write(job, ("{\"requests\": [{\"class\": 207, \"width\": 64, \"height\": 48, \"images\": 6, \"seed\": 10},"
                + "{\"id\": \"cat\", \"class\": 281, \"width\": 96, \"height\": 32, \"seeds\": \"0-9\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        return BatchPlan.of(JobFile.read(job, runner.requestKeys()), runner);
    }

    @Test
    void fourShardsGiveTheFilesAndMergedManifestOfOne() throws Exception {
        PatternRunner one = new PatternRunner();
        BatchPlan plan = sixteen(one);
        Path a = dir.resolve("one");
        BatchRun.run(plan, Shard.ALL, a, one, QUIET);
        PatternRunner four = new PatternRunner();
        Path b = dir.resolve("four");
        for (int k = 1; k <= 4; k++) {
            assertEquals(4, BatchRun.run(plan, Shard.of(k, 4), b, four, QUIET).generated);
        }
        assertEquals(16, new HashSet<>(four.calls).size());
        List<ManifestRow> ma = Manifest.read(BatchMerge.merge(plan, a).manifest);
        BatchMerge.Result rb = BatchMerge.merge(plan, b);
        assertTrue(rb.missing.isEmpty());
        List<ManifestRow> mb = Manifest.read(rb.manifest);
        assertEquals(16, ma.size());
        assertEquals(ma.stream().map(ManifestRow::reproducible).collect(Collectors.toList()),
                mb.stream().map(ManifestRow::reproducible).collect(Collectors.toList()));
        for (ManifestRow row : ma) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(a.resolve(row.get("file"))),
                    Files.readAllBytes(b.resolve(row.get("file")))), row.task());
        }
    }

    @Test
    void aCrashedRunResumesWithNothingRedoneAndNothingLost() throws Exception {
        PatternRunner runner = new PatternRunner();
        BatchPlan plan = sixteen(runner);
        Path out = dir.resolve("out");
        runner.failAfter = 7;
        assertThrows(IllegalStateException.class, () -> BatchRun.run(plan, Shard.ALL, out, runner, QUIET));
        // a kill can also tear the row being appended
        Files.write(BatchRun.manifestFile(out, Shard.ALL), "16,cat-9,cat,2".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        runner.failAfter = Integer.MAX_VALUE;
        BatchRun.Summary second = BatchRun.run(plan, Shard.ALL, out, runner, QUIET);
        assertEquals(7, second.skipped);
        assertEquals(9, second.generated);
        assertEquals(16, runner.calls.size());
        assertEquals(16, new HashSet<>(runner.calls).size(), "no task ran twice: " + runner.calls);
        assertEquals(16, Manifest.read(BatchRun.manifestFile(out, Shard.ALL)).size());
        assertEquals(0, BatchRun.run(plan, Shard.ALL, out, runner, QUIET).generated);
    }

    @Test
    void aDamagedImageIsMadeAgain() throws Exception {
        PatternRunner runner = new PatternRunner();
        BatchPlan plan = sixteen(runner);
        Path out = dir.resolve("out");
        BatchRun.run(plan, Shard.ALL, out, runner, QUIET);
        Path victim = out.resolve("images/cat-3.png");
        byte[] bytes = Files.readAllBytes(victim);
        Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.delete(out.resolve("images/r1-12.png"));
        List<String> before = new ArrayList<>(runner.calls);
        BatchRun.Summary again = BatchRun.run(plan, Shard.ALL, out, runner, QUIET);
        assertEquals(2, again.generated);
        assertEquals(List.of("r1-12", "cat-3"), runner.calls.subList(before.size(), runner.calls.size()));
        assertTrue(BatchMerge.merge(plan, out).missing.isEmpty());
    }

    @Test
    void mergeNamesWhatIsMissingAndAnUnusableOutputIsRefusedFirst() throws Exception {
        PatternRunner runner = new PatternRunner();
        BatchPlan plan = sixteen(runner);
        Path out = dir.resolve("half");
        BatchRun.run(plan, Shard.of(1, 2), out, runner, QUIET);
        BatchMerge.Result merged = BatchMerge.merge(plan, out);
        assertEquals(8, merged.rows);
        assertEquals(8, merged.missing.size());
        Path file = Files.write(dir.resolve("plain"), new byte[1]);
        assertTrue(assertThrows(java.io.IOException.class, () -> BatchRun.run(plan, Shard.ALL, file, runner, QUIET))
                .getMessage().contains("is a file"));
        assertEquals(8, runner.calls.size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("5/4")).getMessage().contains("K/N"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("x")).getMessage().contains("K/N"));
    }
}
