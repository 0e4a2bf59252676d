package io.github.nitfiji.batch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the shard manifests of an output folder into {@code manifest.csv}, one row per task in
 * the job's order, and says which tasks are not done. A row counts only when it passes the same
 * {@link ResultCheck} as a resume: its task's index, settings and own file under {@code images/},
 * whose bytes or pixels are those recorded. However many shards ran (even a job resumed with
 * another N), the merged manifest is the same.
 */
public final class BatchMerge {
    /** The merged manifest and the tasks it lacks. */
    public static final class Result {
        public final Path manifest;
        public final int rows;
        /** Tasks not done, in job order. */
        public final List<String> missing;
        /** Why a task with a recorded row is not done (the first row's reason), by task. */
        public final Map<String, String> problems;
        /** Manifest lines that could not be read. */
        public final List<String> skippedLines;

        Result(Path manifest, int rows, List<String> missing, Map<String, String> problems,
                List<String> skippedLines) {
            this.manifest = manifest;
            this.rows = rows;
            this.missing = Collections.unmodifiableList(missing);
            this.problems = Collections.unmodifiableMap(problems);
            this.skippedLines = Collections.unmodifiableList(skippedLines);
        }
    }

    private BatchMerge() {
    }

    public static Result merge(BatchPlan plan, Path out) throws IOException {
        Path folder = out.resolve("manifest");
        Map<String, List<ManifestRow>> byTask = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> shards = Files.newDirectoryStream(folder, "shard-*-of-*.csv")) {
                for (Path shard : shards) {
                    Manifest.Contents contents = Manifest.readAll(shard);
                    skipped.addAll(contents.skipped);
                    for (ManifestRow row : contents.rows) {
                        byTask.computeIfAbsent(row.task(), k -> new ArrayList<>(1)).add(row);
                    }
                }
            }
        }
        List<ManifestRow> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (BatchTask task : plan.tasks()) {
            ManifestRow proven = null;
            String problem = null;
            for (ManifestRow row : byTask.getOrDefault(task.id(), List.of())) {
                String why = ResultCheck.problem(row, task, out);
                if (why == null) {
                    proven = row;
                    break;
                }
                problem = problem == null ? why : problem;
            }
            if (proven != null) {
                rows.add(proven);
            } else {
                missing.add(task.id());
                if (problem != null) {
                    problems.put(task.id(), problem);
                }
            }
        }
        Path merged = out.resolve("manifest.csv");
        Manifest.write(merged, rows);
        return new Result(merged, rows.size(), missing, problems, skipped);
    }
}
