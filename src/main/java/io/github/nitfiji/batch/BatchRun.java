package io.github.nitfiji.batch;

import io.github.nitfiji.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one shard of a plan into an output folder: {@code images/<task>.png} and the shard's
 * manifest {@code manifest/shard-K-of-N.csv}, one run per shard at a time ({@link ShardLock}). A
 * task whose row passes {@link ResultCheck} (the settings the job asks now, its file still the
 * image recorded) is done and skipped, so running the same command again resumes after a crash or
 * pre-emption without redoing finished images; a task whose settings changed in the job file is
 * made again, and the run says so.
 */
public final class BatchRun {
    /** Told about progress, on the calling thread. */
    public interface Listener {
        void started(int tasks, int alreadyDone);

        void finished(BatchTask task, ManifestRow row, int doneSoFar, int tasks);

        /** Something the user should know (a damaged manifest line, images made again and why). */
        default void warning(String message) {
        }
    }

    /** What a run did. */
    public static final class Summary {
        public final int tasks;
        public final int skipped;
        public final int generated;

        Summary(int tasks, int skipped, int generated) {
            this.tasks = tasks;
            this.skipped = skipped;
            this.generated = generated;
        }
    }

    private BatchRun() {
    }

    public static Path imagesFolder(Path out) {
        return out.resolve("images");
    }

    public static Path manifestFile(Path out, Shard shard) {
        return out.resolve("manifest").resolve(shard.manifestName());
    }

    public static Summary run(BatchPlan plan, Shard shard, Path out, TaskRunner runner, Listener listener)
            throws Exception {
        Path images = imagesFolder(out);
        Path manifest = manifestFile(out, shard);
        prepareFolder(out, images, manifest.getParent());
        try (ShardLock lock = ShardLock.take(out, shard)) {
            List<BatchTask> tasks = plan.tasks(shard);
            removeLeftovers(images, tasks, listener);
            Manifest.Contents contents = Manifest.readAll(manifest);
            contents.skipped.forEach(listener::warning);
            Map<String, ManifestRow> recorded = new HashMap<>();
            for (ManifestRow row : contents.rows) {
                recorded.put(row.task(), row);
            }
            List<ManifestRow> done = new ArrayList<>();
            List<BatchTask> pending = new ArrayList<>();
            Redone changed = new Redone("made with other settings than the job file asks now");
            Redone damaged = new Redone("whose file is missing or not the image recorded");
            for (BatchTask task : tasks) {
                ManifestRow row = recorded.get(task.id());
                String problem = row == null ? null : ResultCheck.problem(row, task, out);
                if (row != null && problem == null) {
                    done.add(row);
                    continue;
                }
                pending.add(task);
                if (row != null) {
                    (ResultCheck.recipeProblem(row, task) != null ? changed : damaged).add(task, problem);
                }
            }
            changed.report(listener);
            damaged.report(listener);
            // keep only rows that still describe a file, so the manifest never lists a lost image
            Manifest.write(manifest, done);
            listener.started(tasks.size(), done.size());
            int finished = done.size();
            for (BatchTask task : pending) {
                ManifestRow row = TaskExecution.run(task, runner, images.resolve(task.fileName()),
                        TaskExecution.recordedName(task));
                Manifest.append(manifest, row);
                listener.finished(task, row, ++finished, tasks.size());
            }
            return new Summary(tasks.size(), done.size(), pending.size());
        }
    }

    /** Tasks made again for one reason: counted, the first named. */
    private static final class Redone {
        private final String why;
        private int count;
        private String first;

        Redone(String why) {
            this.why = why;
        }

        void add(BatchTask task, String problem) {
            if (count++ == 0) {
                first = task.id() + ": " + problem;
            }
        }

        void report(Listener listener) {
            if (count > 0) {
                listener.warning(count + " image(s) " + why + " are made again (first " + first + ")");
            }
        }
    }

    /**
     * Deletes the hidden partial files a killed run of this shard left beside its images. Only this
     * shard's: its lock says no run of it is writing them, while other shards may be writing theirs.
     */
    private static void removeLeftovers(Path images, List<BatchTask> tasks, Listener listener) throws IOException {
        List<Path> parts = new ArrayList<>();
        try (DirectoryStream<Path> hidden = Files.newDirectoryStream(images, ".*.part")) {
            hidden.forEach(parts::add);
        }
        if (parts.isEmpty()) {
            return;
        }
        Set<String> mine = new HashSet<>();
        for (BatchTask task : tasks) {
            mine.add(task.fileName());
        }
        int removed = 0;
        for (Path part : parts) {
            String target = AtomicFiles.targetOf(part.getFileName().toString());
            if (target != null && mine.contains(target) && Files.deleteIfExists(part)) {
                removed++;
            }
        }
        if (removed > 0) {
            listener.warning("removed " + removed + " partial file(s) that a stopped run left in " + images);
        }
    }

    /** Checks the output folder before any work: creatable and writable. */
    static void prepareFolder(Path out, Path images, Path manifests) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException("--out " + out + " is a file; give a folder for the images and manifests");
        }
        try {
            Files.createDirectories(images);
            Files.createDirectories(manifests);
        } catch (IOException e) {
            throw new IOException("cannot create the output folder " + out + " (" + reason(e) + "); choose a "
                    + "folder you can write to", e);
        }
        if (!Files.isWritable(images) || !Files.isWritable(manifests)) {
            throw new AccessDeniedException(out.toString(), null, "the output folder is not writable; choose "
                    + "another --out");
        }
    }

    private static String reason(IOException e) {
        return e instanceof AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
