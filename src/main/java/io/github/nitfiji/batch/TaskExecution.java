package io.github.nitfiji.batch;

import io.github.nitfiji.catalog.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs one task into a file and describes the result as its manifest row. */
public final class TaskExecution {
    private TaskExecution() {
    }

    /**
     * @param file where the runner writes the image
     * @param recordedName the file's name as the manifest records it (relative to the output folder)
     */
    public static ManifestRow run(BatchTask task, TaskRunner runner, Path file, String recordedName)
            throws Exception {
        long start = System.nanoTime();
        TaskResult result = runner.run(task, file);
        double seconds = (System.nanoTime() - start) / 1e9;
        PixelHash.Image image = PixelHash.of(file);
        if (image == null) {
            throw new IOException("the image of task " + task.id() + " (" + file + ") does not read back; "
                    + "check the disk, then run the same command again to resume");
        }
        return ManifestRow.of(task, result, image, recordedName, seconds, Files.size(file), Sha256.of(file, null));
    }

    /** The manifest's name of a task's image. */
    public static String recordedName(BatchTask task) {
        return "images/" + task.fileName();
    }
}
