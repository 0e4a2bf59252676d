package io.github.nitfiji.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Generates the image of one task through the one generation request. The command line and the
 * Spark job each give one; the batch logic (plan, shards, manifest, resume) is theirs in common.
 */
public interface TaskRunner {
    /** The keys of the one request that job entries may use (the macro keys). */
    List<String> requestKeys();

    /**
     * Checks that settings make a valid request, without generating anything.
     *
     * @throws IllegalArgumentException saying what is wrong, naming the key
     */
    void validate(Map<String, String> settings);

    /**
     * Generates the task's image and writes it, completely or not at all, to {@code file} (PNG).
     *
     * @return what the manifest records about it
     */
    TaskResult run(BatchTask task, Path file) throws Exception;
}
