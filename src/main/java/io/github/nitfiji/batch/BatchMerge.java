package io.github.nitfiji.batch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the shard manifests of an output folder into {@code manifest.csv}, one row per task in
 * the job's order, and says which tasks no shard has finished yet. However many shards ran (even
 * a job resumed with another N), the merged manifest is the same.
 */
public final class BatchMerge {
    /** The merged manifest and the tasks it lacks. */
    public static final class Result {
        public final Path manifest;
        public final int rows;
        public final List<String> missing;

        Result(Path manifest, int rows, List<String> missing) {
            this.manifest = manifest;
            this.rows = rows;
            this.missing = missing;
        }
    }

    private BatchMerge() {
    }

    public static Result merge(BatchPlan plan, Path out) throws IOException {
        Path folder = out.resolve("manifest");
        Map<String, ManifestRow> byTask = new LinkedHashMap<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> shards = Files.newDirectoryStream(folder, "shard-*-of-*.csv")) {
                for (Path shard : shards) {
                    for (ManifestRow row : Manifest.read(shard)) {
                        ManifestRow other = byTask.putIfAbsent(row.task(), row);
                        if (other != null && !other.get("pixels_sha256").equals(row.get("pixels_sha256"))) {
                            throw new IOException("task " + row.task() + " has different pixels in two shard "
                                    + "manifests (" + shard.getFileName() + " and another); the runs used different "
                                    + "settings, devices or thread counts - rerun that task in one place");
                        }
                    }
                }
            }
        }
        List<ManifestRow> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (BatchTask task : plan.tasks()) {
            ManifestRow row = byTask.get(task.id());
            if (row != null && Files.isRegularFile(out.resolve(row.get("file")))) {
                rows.add(row);
            } else {
                missing.add(task.id());
            }
        }
        rows.sort(Comparator.comparingInt(ManifestRow::index));
        Path merged = out.resolve("manifest.csv");
        Manifest.write(merged, rows);
        return new Result(merged, rows.size(), missing);
    }
}
