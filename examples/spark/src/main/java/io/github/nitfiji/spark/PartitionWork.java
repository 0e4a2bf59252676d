package io.github.nitfiji.spark;

import io.github.nitfiji.batch.BatchPlan;
import io.github.nitfiji.batch.BatchTask;
import io.github.nitfiji.batch.Manifest;
import io.github.nitfiji.batch.ManifestRow;
import io.github.nitfiji.batch.ResultCheck;
import io.github.nitfiji.batch.TaskExecution;
import io.github.nitfiji.batch.TaskRunner;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.resource.ResourceInformation;

/**
 * Runs one partition of tasks on an executor: a task whose recorded row still proves it done (the
 * same check as {@code batch} resume: {@link ResultCheck}) is kept, every other one is generated
 * into a local file and copied into place under a temporary name then renamed, and each row goes
 * to this attempt's manifest as soon as its image is there.
 */
final class PartitionWork implements Function2<Integer, Iterator<TaskRef>, Iterator<String[]>> {
    private static final long serialVersionUID = 1L;

    private final String jobText;
    private final String jobName;
    private final String out;

    PartitionWork(String jobText, String jobName, String out) {
        this.jobText = jobText;
        this.jobName = jobName;
        this.out = out;
    }

    @Override
    public Iterator<String[]> call(Integer partition, Iterator<TaskRef> refs) throws Exception {
        BatchPlan plan = ExecutorRunners.plan(jobText, jobName);
        TaskRunner runner = ExecutorRunners.runner(gpuOfThisTask());
        Path root = new Path(out);
        FileSystem fs = root.getFileSystem(new Configuration());
        TaskContext context = TaskContext.get();
        Path manifest = new Path(root, "manifest/spark-part-" + partition + "-attempt-"
                + (context == null ? 0 : context.taskAttemptId()) + ".csv");
        List<String[]> rows = new ArrayList<>();
        java.nio.file.Path local = Files.createTempDirectory("nit-spark");
        try (FSDataOutputStream stream = fs.create(manifest, true);
                Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                CSVPrinter csv = Manifest.printer(writer)) {
            while (refs.hasNext()) {
                TaskRef ref = refs.next();
                BatchTask task = plan.tasks().get(ref.index);
                String name = TaskExecution.recordedName(task);
                Path image = new Path(root, name);
                ManifestRow recorded = ref.recorded == null ? null : ManifestRow.fromArray(ref.recorded);
                ManifestRow row = recorded != null
                        && ResultCheck.problem(recorded, task, new HadoopStoredFile(fs, image)) == null
                        ? recorded
                        : generate(task, runner, fs, image, local.resolve(task.fileName()), name);
                Manifest.print(csv, row);
                stream.hflush();
                rows.add(row.toArray());
            }
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(local)) {
                for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(local);
        }
        return rows.iterator();
    }

    private static ManifestRow generate(BatchTask task, TaskRunner runner, FileSystem fs, Path image,
            java.nio.file.Path localFile, String name) throws Exception {
        ManifestRow row = TaskExecution.run(task, runner, localFile, name);
        Path partial = new Path(image.getParent(), "." + image.getName() + ".part");
        fs.copyFromLocalFile(true, true, new Path(localFile.toUri()), partial);
        fs.delete(image, false);
        if (!fs.rename(partial, image)) {
            throw new java.io.IOException("could not move " + partial + " to " + image);
        }
        return row;
    }

    /** The GPU the cluster gave this task ({@code spark.task.resource.gpu.amount}), as a NiT device. */
    private static String gpuOfThisTask() {
        TaskContext context = TaskContext.get();
        if (context == null) {
            return null;
        }
        Map<String, ResourceInformation> resources = context.resourcesJMap();
        ResourceInformation gpu = resources.get("gpu");
        return gpu == null || gpu.addresses().length == 0 ? null : "gpu:" + gpu.addresses()[0];
    }
}
