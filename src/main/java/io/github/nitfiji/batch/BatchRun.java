package io.github.nitfiji.batch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one shard of a plan into an output folder: {@code images/<task>.png} and the shard's
 * manifest {@code manifest/shard-K-of-N.csv}. A task whose row is in the manifest and whose file
 * still has the recorded pixels is done and skipped, so running the same command again resumes
 * after a crash or pre-emption without redoing finished images.
 */
public final class BatchRun {
    /** Told about progress, on the calling thread. */
    public interface Listener {
        void started(int tasks, int alreadyDone);

        void finished(BatchTask task, ManifestRow row, int doneSoFar, int tasks);
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
        List<BatchTask> tasks = plan.tasks(shard);
        Map<String, ManifestRow> recorded = new HashMap<>();
        for (ManifestRow row : Manifest.read(manifest)) {
            recorded.put(row.task(), row);
        }
        List<ManifestRow> done = new ArrayList<>();
        List<BatchTask> pending = new ArrayList<>();
        for (BatchTask task : tasks) {
            ManifestRow row = recorded.get(task.id());
            if (row != null && isIntact(row, task, images)) {
                done.add(row);
            } else {
                pending.add(task);
            }
        }
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

    private static boolean isIntact(ManifestRow row, BatchTask task, Path images) {
        if (row.index() != task.index() || !row.get("file").equals(TaskExecution.recordedName(task))) {
            return false;
        }
        PixelHash.Image image = PixelHash.of(images.resolve(task.fileName()));
        return image != null && image.sha256.equals(row.get("pixels_sha256"));
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
