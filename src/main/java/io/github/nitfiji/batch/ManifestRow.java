package io.github.nitfiji.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One image in a manifest: what was asked, what ran, where the file is and its pixels' hash. */
public final class ManifestRow {
    /**
     * Columns in file order. {@code seconds} differs between two runs, and so do the file's bytes
     * (its provenance holds a time stamp) while the pixels do not. {@code file_bytes} and
     * {@code file_sha256} let a resume trust an untouched file without decoding it.
     */
    public static final List<String> COLUMNS = List.of("index", "task", "request", "class", "seed", "width", "height",
            "model", "sampler", "settings", "file", "pixels_sha256", "seconds", "device", "threads", "file_bytes",
            "file_sha256");
    /** The columns of manifests written before the file's size and hash were recorded. */
    static final List<String> FIRST_COLUMNS = COLUMNS.subList(0, 15);
    private static final List<String> RUN_COLUMNS = List.of("seconds", "threads", "file_bytes", "file_sha256");

    final String[] values;

    ManifestRow(String[] values) {
        if (values.length == FIRST_COLUMNS.size()) {
            values = Arrays.copyOf(values, COLUMNS.size()); // a row of an older manifest: no file facts
            values[values.length - 2] = "";
            values[values.length - 1] = "";
        }
        if (values.length != COLUMNS.size()) {
            throw new IllegalArgumentException("a manifest row has " + COLUMNS.size() + " fields, found " + values.length);
        }
        this.values = values.clone();
    }

    /**
     * The row of a finished task whose file (relative to the output folder) has these pixels and
     * {@code fileBytes} bytes with SHA-256 {@code fileSha256}.
     */
    public static ManifestRow of(BatchTask task, TaskResult result, PixelHash.Image image, String file,
            double seconds, long fileBytes, String fileSha256) {
        return new ManifestRow(new String[] {
            Integer.toString(task.index()), task.id(), task.request().id(), Integer.toString(result.classIndex),
            Long.toString(task.seed()), Integer.toString(image.width), Integer.toString(image.height), result.model,
            result.sampler, settingsText(task.settings()), file, image.sha256, String.format(java.util.Locale.ROOT, "%.3f", seconds),
            result.device, Integer.toString(result.threads), Long.toString(fileBytes), fileSha256});
    }

    /** The request's settings as {@code key=value} pairs in the job's order, separated by {@code ;}. */
    static String settingsText(Map<String, String> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    /** A row read back from a manifest. */
    public static ManifestRow fromArray(String[] values) {
        return new ManifestRow(values);
    }

    public String[] toArray() {
        return values.clone();
    }

    public String get(String column) {
        int i = COLUMNS.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no manifest column " + column);
        }
        return values[i];
    }

    public int index() {
        return Integer.parseInt(get("index"));
    }

    public String task() {
        return get("task");
    }

    /**
     * The columns two runs of the same task must agree on: all but the time taken, the CPU threads
     * (chosen from the machine's load when the process started, so shards started together may
     * get fewer than a run alone) and the file's bytes (its provenance holds a time stamp).
     */
    public List<String> reproducible() {
        List<String> list = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (!RUN_COLUMNS.contains(COLUMNS.get(i))) {
                list.add(values[i]);
            }
        }
        return list;
    }
}
