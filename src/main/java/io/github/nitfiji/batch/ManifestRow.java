package io.github.nitfiji.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One image in a manifest: what was asked, what ran, where the file is and its pixels' hash. */
public final class ManifestRow {
    /** Columns in file order. {@code seconds} is the only one that differs between two runs. */
    public static final List<String> COLUMNS = List.of("index", "task", "request", "class", "seed", "width", "height",
            "model", "sampler", "settings", "file", "pixels_sha256", "seconds", "device", "threads");

    final String[] values;

    ManifestRow(String[] values) {
        if (values.length != COLUMNS.size()) {
            throw new IllegalArgumentException("a manifest row has " + COLUMNS.size() + " fields, found " + values.length);
        }
        this.values = values.clone();
    }

    /** The row of a finished task whose file (relative to the output folder) has these pixels. */
    public static ManifestRow of(BatchTask task, TaskResult result, PixelHash.Image image, String file,
            double seconds) {
        return new ManifestRow(new String[] {
            Integer.toString(task.index()), task.id(), task.request().id(), Integer.toString(result.classIndex),
            Long.toString(task.seed()), Integer.toString(image.width), Integer.toString(image.height), result.model,
            result.sampler, settingsText(task.settings()), file, image.sha256, String.format(java.util.Locale.ROOT, "%.3f", seconds),
            result.device, Integer.toString(result.threads)});
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
     * The columns two runs of the same task must agree on: all but how the run went, the time
     * taken and the CPU threads (chosen from the machine's load when the process started, so
     * shards started together may get fewer than a run alone).
     */
    public List<String> reproducible() {
        List<String> list = new java.util.ArrayList<>(Arrays.asList(values));
        list.remove(COLUMNS.indexOf("threads"));
        list.remove(COLUMNS.indexOf("seconds"));
        return list;
    }
}
