package io.github.nitfiji.batch;

import io.github.nitfiji.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link ShardLockTest}: starts the whole job of {@code args[0]} into
 * {@code args[1]} and hangs inside the first image's atomic write, so the test can find the lock
 * held and then kill the process with SIGKILL (no shutdown hook runs, the partial file stays).
 */
public final class StuckRun {
    private StuckRun() {
    }

    public static void main(String[] args) throws Exception {
        PatternRunner pattern = new PatternRunner();
        TaskRunner stuck = new TaskRunner() {
            @Override
            public List<String> requestKeys() {
                return pattern.requestKeys();
            }

            @Override
            public void validate(Map<String, String> settings) {
                pattern.validate(settings);
            }

            @Override
            public TaskResult run(BatchTask task, Path file) throws Exception {
                AtomicFiles.write(file, part -> {
                    Files.write(part, new byte[100]);
                    System.out.println("writing " + part);
                    System.out.flush();
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                return null;
            }
        };
        BatchPlan plan = BatchPlan.of(JobFile.read(Paths.get(args[0]), stuck.requestKeys()), stuck);
        BatchRun.run(plan, Shard.ALL, Paths.get(args[1]), stuck, new BatchRun.Listener() {
            @Override
            public void started(int tasks, int alreadyDone) {
            }

            @Override
            public void finished(BatchTask task, ManifestRow row, int doneSoFar, int tasks) {
            }
        });
    }
}
