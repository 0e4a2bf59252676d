package io.github.nitfiji.batch;

import io.github.nitfiji.catalog.Sha256;
import io.github.nitfiji.io.UserText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The one test of "this task is done", shared by resume (skip it), {@code batch merge} (certify
 * it) and the Spark job: a manifest row proves its task done only when it is that task's row
 * (same index in the job, same request, seed and settings as the job file now asks), it names the
 * task's own file under {@code images/} (never a path elsewhere), and that file is still the
 * image recorded. The file is trusted by its size and the SHA-256 of its bytes when the row has
 * them, without decoding; otherwise (an older row, or bytes rewritten) by decoding it and hashing
 * its pixels.
 */
public final class ResultCheck {
    /** A finished image wherever it is stored (a local folder, HDFS). */
    public interface StoredFile {
        /** False when there is no regular file. */
        boolean exists() throws IOException;

        long size() throws IOException;

        InputStream open() throws IOException;

        /** The SHA-256 of the whole file, hex. */
        String sha256() throws IOException;
    }

    private ResultCheck() {
    }

    /** Why {@code row} does not prove {@code task} done in the output folder {@code out}; null when it does. */
    public static String problem(ManifestRow row, BatchTask task, Path out) {
        return problem(row, task, local(out.resolve(TaskExecution.recordedName(task))));
    }

    /**
     * As {@link #problem(ManifestRow, BatchTask, Path)} with the task's file (the one named
     * {@link TaskExecution#recordedName}) read through {@code file}.
     */
    public static String problem(ManifestRow row, BatchTask task, StoredFile file) {
        String recipe = recipeProblem(row, task);
        if (recipe != null) {
            return recipe;
        }
        try {
            if (!file.exists()) {
                return "its image " + row.get("file") + " is missing";
            }
            String bytes = row.get("file_bytes");
            String sha = row.get("file_sha256");
            if (!bytes.isEmpty() && Long.parseLong(bytes) == file.size() && sha.equals(file.sha256())) {
                return null; // the very bytes written: no need to decode
            }
            PixelHash.Image image;
            try (InputStream in = file.open()) {
                image = PixelHash.of(in);
            }
            if (image == null) {
                return "its image " + row.get("file") + " does not decode (damaged or cut short)";
            }
            return image.sha256.equals(row.get("pixels_sha256")) ? null
                    : "the pixels of " + row.get("file") + " are not those recorded (the file was changed)";
        } catch (IOException | RuntimeException e) {
            return "its image " + row.get("file") + " cannot be read (" + UserText.shown(String.valueOf(e.getMessage()))
                    + ")";
        }
    }

    /** Is the row this task's, made the way the job asks now? Null when so. */
    static String recipeProblem(ManifestRow row, BatchTask task) {
        if (!row.task().equals(task.id())) {
            return "the row is of task " + UserText.shown(row.task());
        }
        if (!row.get("index").equals(Integer.toString(task.index()))) {
            return "the row has index " + UserText.shown(row.get("index")) + " but the task is number " + task.index()
                    + " of the job (the job file changed, or the row was edited)";
        }
        String file = TaskExecution.recordedName(task);
        if (!row.get("file").equals(file)) {
            return "the row names the file '" + UserText.shown(row.get("file")) + "', not " + file;
        }
        String recorded = row.get("settings");
        String asked = ManifestRow.settingsText(task.settings());
        if (!recorded.equals(asked) || !row.get("request").equals(task.request().id())
                || !row.get("seed").equals(Long.toString(task.seed()))) {
            return "it was made with other settings (" + UserText.shown(recorded, 200) + ") than the job asks now ("
                    + UserText.shown(asked, 200) + ")";
        }
        return null;
    }

    /** A file in the local file system; links are not followed (a result is a plain file). */
    static StoredFile local(Path path) {
        return new StoredFile() {
            @Override
            public boolean exists() {
                return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
            }

            @Override
            public long size() throws IOException {
                return Files.size(path);
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
            }

            @Override
            public String sha256() throws IOException {
                return Sha256.of(path, null);
            }
        };
    }
}
