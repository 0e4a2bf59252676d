package io.github.nitfiji.spark;

import io.github.nitfiji.batch.BatchPlan;
import io.github.nitfiji.batch.BatchTask;
import io.github.nitfiji.batch.JobFile;
import io.github.nitfiji.batch.Manifest;
import io.github.nitfiji.batch.ManifestRow;
import io.github.nitfiji.cli.BatchTaskRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code spark-submit --class io.github.nitfiji.spark.NitSparkJob nit-spark.jar JOBFILE OUTDIR
 * [PARTITIONS]}: generates every image of a job file on the cluster. The output folder has the
 * layout of the {@code batch} command ({@code images/}, {@code manifest/}, {@code manifest.csv});
 * running the same job again skips the images already there with their recorded pixels.
 */
public final class NitSparkJob {
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

    private NitSparkJob() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: spark-submit --class " + NitSparkJob.class.getName()
                    + " nit-spark.jar JOBFILE OUTDIR [PARTITIONS]");
            System.exit(2);
        }
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("NiT batch"))) {
            int partitions = args.length == 3 ? Integer.parseInt(args[2]) : sc.defaultParallelism();
            Summary s = run(sc, args[0], args[1], partitions);
            System.out.println("NiT batch: " + s.tasks + " images, " + s.generated + " generated, " + s.skipped
                    + " already done; manifest " + new Path(args[1], "manifest.csv"));
        }
    }

    public static Summary run(JavaSparkContext sc, String jobFile, String out, int partitions) throws IOException {
        Path jobPath = new Path(jobFile);
        FileSystem jobFs = jobPath.getFileSystem(sc.hadoopConfiguration());
        String jobText;
        try (InputStream in = jobFs.open(jobPath)) {
            jobText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the whole job is checked on the driver before any executor starts work
        BatchTaskRunner checker = new BatchTaskRunner(null, message -> System.err.println("nit: " + message));
        BatchPlan plan = BatchPlan.of(JobFile.parse(jobText, jobPath.getName(), checker.requestKeys()), checker);
        Path root = new Path(out);
        FileSystem fs = root.getFileSystem(sc.hadoopConfiguration());
        Map<String, ManifestRow> recorded = recordedRows(fs, new Path(root, "manifest"));
        List<TaskRef> refs = new ArrayList<>();
        for (BatchTask task : plan.tasks()) {
            ManifestRow row = recorded.get(task.id());
            refs.add(new TaskRef(task.index(), row == null ? null : row.toArray()));
        }
        List<String[]> rows = sc.parallelize(refs, Math.max(1, partitions))
                .mapPartitionsWithIndex(new PartitionWork(jobText, jobPath.getName(), out), false).collect();
        List<ManifestRow> merged = new ArrayList<>();
        int skipped = 0;
        for (String[] values : rows) {
            ManifestRow row = ManifestRow.fromArray(values);
            ManifestRow before = recorded.get(row.task());
            if (before != null && java.util.Arrays.equals(before.toArray(), values)) {
                skipped++;
            }
            merged.add(row);
        }
        merged.sort(Comparator.comparingInt(ManifestRow::index));
        writeManifest(fs, new Path(root, "manifest.csv"), merged);
        return new Summary(plan.tasks().size(), skipped, plan.tasks().size() - skipped);
    }

    private static Map<String, ManifestRow> recordedRows(FileSystem fs, Path folder) throws IOException {
        Map<String, ManifestRow> rows = new HashMap<>();
        if (!fs.exists(folder)) {
            return rows;
        }
        for (FileStatus status : fs.listStatus(folder)) {
            if (status.getPath().getName().endsWith(".csv")) {
                try (InputStream in = fs.open(status.getPath())) {
                    for (ManifestRow row : Manifest.read(new InputStreamReader(in, StandardCharsets.UTF_8),
                            status.getPath().toString())) {
                        rows.put(row.task(), row);
                    }
                }
            }
        }
        return rows;
    }

    private static void writeManifest(FileSystem fs, Path target, List<ManifestRow> rows) throws IOException {
        Path partial = new Path(target.getParent(), "." + target.getName() + ".part");
        try (FSDataOutputStream stream = fs.create(partial, true);
                Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                CSVPrinter csv = Manifest.printer(writer)) {
            for (ManifestRow row : rows) {
                Manifest.print(csv, row);
            }
        }
        fs.delete(target, false);
        if (!fs.rename(partial, target)) {
            throw new IOException("could not move " + partial + " to " + target);
        }
    }
}
