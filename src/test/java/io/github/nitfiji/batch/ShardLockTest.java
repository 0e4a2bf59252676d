package io.github.nitfiji.batch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 11 and the leftover-part minor: one run per output folder and shard. A second
 * run is refused naming the first (its process); once the first is killed with SIGKILL the next
 * run goes ahead without any manual cleanup, and removes the hidden partial file it left.
 */
@Timeout(90)
class ShardLockTest {
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

    @Test
    void aSecondRunIsRefusedUntilTheFirstIsKilledThenResumesAndCleansUp() throws Exception {
        Path job = Files.writeString(dir.resolve("job.json"), "{\"requests\": [{\"class\": 207, \"seeds\": \"0-2\"}]}");
        Path out = dir.resolve("out");
        Process first = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StuckRun.class.getName(), job.toString(), out.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(first.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            assertTrue(line != null && line.startsWith("writing "), "the first run is inside a write: " + line);
            PatternRunner runner = new PatternRunner();
            BatchPlan plan = BatchPlan.of(JobFile.read(job, runner.requestKeys()), runner);
            IOException refused = assertThrows(IOException.class, () -> BatchRun.run(plan, Shard.ALL, out, runner,
                    QUIET));
            assertTrue(refused.getMessage().contains("another run is working on shard 1/1")
                    && refused.getMessage().contains("process " + first.pid()), refused.getMessage());
            assertEquals(List.of(), runner.calls, "the refused run made nothing");

            first.destroyForcibly(); // SIGKILL: no shutdown hook, the lock file and the partial file stay
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, hiddenParts(out).size(), "the kill left its partial file");
            BatchRun.Summary after = BatchRun.run(plan, Shard.ALL, out, runner, QUIET);
            assertEquals(3, after.generated);
            assertEquals(List.of(), hiddenParts(out), "the next run removed it");
            assertTrue(BatchMerge.merge(plan, out).missing.isEmpty());
        } finally {
            first.destroyForcibly();
        }
    }

    @Test
    void twoRunsOfOneShardInOneJvmAreRefusedToo() throws Exception {
        PatternRunner runner = new PatternRunner();
        Path job = Files.writeString(dir.resolve("job.json"), "{\"requests\": [{\"class\": 207, \"seeds\": \"0-1\"}]}");
        BatchPlan plan = BatchPlan.of(JobFile.read(job, runner.requestKeys()), runner);
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("manifest"));
        try (ShardLock held = ShardLock.take(out, Shard.of(1, 2))) {
            assertThrows(IOException.class, () -> BatchRun.run(plan, Shard.of(1, 2), out, runner, QUIET));
            assertEquals(1, BatchRun.run(plan, Shard.of(2, 2), out, runner, QUIET).generated, "other shards run");
        }
        assertEquals(1, BatchRun.run(plan, Shard.of(1, 2), out, runner, QUIET).generated, "released: it runs");
    }

    private static List<String> hiddenParts(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out.resolve("images"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part"))
                    .collect(Collectors.toList());
        }
    }
}
