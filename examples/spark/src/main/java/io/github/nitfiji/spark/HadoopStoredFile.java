package io.github.nitfiji.spark;

import io.github.nitfiji.batch.ResultCheck;
import io.github.nitfiji.catalog.Sha256;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A finished image on any Hadoop file system, so that resuming on Spark asks the same question as
 * {@code batch} resume and {@code batch merge} ({@link ResultCheck}): the task's own row, its file,
 * the very bytes recorded, or else the pixels.
 */
final class HadoopStoredFile implements ResultCheck.StoredFile {
    private final FileSystem fs;
    private final Path path;

    HadoopStoredFile(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    @Override
    public boolean exists() throws IOException {
        return fs.isFile(path);
    }

    @Override
    public long size() throws IOException {
        return fs.getFileStatus(path).getLen();
    }

    @Override
    public InputStream open() throws IOException {
        return fs.open(path);
    }

    @Override
    public String sha256() throws IOException {
        try (InputStream in = fs.open(path)) {
            return Sha256.of(in);
        }
    }
}
