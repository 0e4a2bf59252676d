package io.github.nitfiji.cli;

import io.github.nitfiji.batch.BatchMerge;
import io.github.nitfiji.batch.BatchPlan;
import io.github.nitfiji.batch.BatchRun;
import io.github.nitfiji.batch.BatchTask;
import io.github.nitfiji.batch.JobFile;
import io.github.nitfiji.batch.ManifestRow;
import io.github.nitfiji.batch.Shard;
import io.github.nitfiji.batch.ShardLock;
import io.github.nitfiji.io.OutputPaths;
import io.github.nitfiji.io.PathNames;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nit batch JOBFILE --out DIR [--shard K/N]} and {@code nit batch merge JOBFILE --out DIR}. */
@Command(name = "batch", sortOptions = false, usageHelpAutoWidth = false,
        description = {"Generate every image of a job file (JSON or CSV; docs/batch-and-spark.md) into a folder, "
            + "one PNG and one manifest row per image. Running the same command again resumes: images already "
            + "made with their recorded pixels are skipped.",
            "'batch merge JOBFILE --out DIR' joins the shard manifests into DIR/manifest.csv."},
        footer = {"", "Exit codes: 0 done, 1 failed (or merge: tasks still missing), 2 bad command line or job "
            + "file, 130 cancelled."})
final class BatchCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;
    @Parameters(arity = "1..2", paramLabel = "[merge] JOBFILE", description = "the job file; 'merge' first to "
            + "join shard manifests")
    String[] words;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder: images/, "
            + "manifest/shard-K-of-N.csv, manifest.csv")
    Path out;
    @Option(names = "--shard", paramLabel = "K/N", description = "run only the K-th of N disjoint parts "
            + "(default 1/1, the whole job)")
    String shard;
    @Option(names = "--device", paramLabel = "auto|cpu|gpu|gpu:N", description = "device for requests that name "
            + "none (default auto)")
    String device;

    private final PrintStream stdout;
    private final PrintStream err;

    BatchCommand(PrintStream stdout, PrintStream err) {
        this.stdout = stdout;
        this.err = err;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return Picocli.run(new BatchCommand(out, err), Picocli.after("batch", args), out,
                reason -> err.println("nit: error: " + reason + " (see batch --help)"));
    }

    @Override
    public Integer call() throws Exception {
        boolean merge = words.length == 2;
        if (merge && !words[0].equals("merge")) {
            throw new UsageException("batch takes one job file, or 'merge' and a job file; found " + words[0]
                    + " " + words[1]);
        }
        Path job = PathNames.of(words[words.length - 1], "the job file");
        checkOutputs(job, merge);
        try (BatchTaskRunner runner = new BatchTaskRunner(device, message -> err.println("nit: " + message))) {
            BatchPlan plan = BatchPlan.of(JobFile.read(job, runner.requestKeys()), runner);
            return merge ? merge(plan) : generate(plan, runner);
        }
    }

    /**
     * The one output rule, before any work: the manifests this run writes may not be the job file
     * (nor a device or FIFO, which would hang the manifest's reader). The folders are made by the run.
     */
    private void checkOutputs(Path job, boolean merge) {
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        List<OutputPaths.Named> outputs = new ArrayList<>();
        if (merge) {
            outputs.add(new OutputPaths.Named("the merged manifest", out.resolve("manifest.csv")));
        } else {
            outputs.add(new OutputPaths.Named("the shard's manifest", BatchRun.manifestFile(out, part)));
            outputs.add(new OutputPaths.Named("the shard's lock", ShardLock.file(out, part)));
        }
        OutputPaths.require(outputs, List.of(new OutputPaths.Named("job file", job)), null);
    }

    private int generate(BatchPlan plan, BatchTaskRunner runner) throws Exception {
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        BatchRun.Summary summary = BatchRun.run(plan, part, out, runner, new Progress());
        stdout.println(BatchRun.manifestFile(out, part));
        err.printf("nit: shard %s: %d images, %d generated, %d already done%n", part, summary.tasks,
                summary.generated, summary.skipped);
        return 0;
    }

    private int merge(BatchPlan plan) throws Exception {
        if (shard != null) {
            throw new UsageException("batch merge joins every shard; leave out --shard");
        }
        BatchMerge.Result result = BatchMerge.merge(plan, out);
        stdout.println(result.manifest);
        result.skippedLines.forEach(line -> err.println("nit: warning: " + line));
        if (!result.missing.isEmpty()) {
            err.println("nit: " + result.missing.size() + " of " + plan.tasks().size() + " images are not done, "
                    + "first " + String.join(", ", result.missing.subList(0, Math.min(5, result.missing.size())))
                    + "; run the shards that hold them again");
            result.problems.entrySet().stream().limit(5).forEach(p -> err.println("nit:   " + p.getKey()
                    + " is not certified: " + p.getValue()));
            if (result.problems.size() > 5) {
                err.println("nit:   and " + (result.problems.size() - 5) + " more recorded rows that fail the checks");
            }
            return 1;
        }
        err.println("nit: " + result.rows + " images in " + result.manifest);
        return 0;
    }

    /** One line per image: count, task, and time left at the average pace of this run. */
    private final class Progress implements BatchRun.Listener {
        private long start;
        private int skipped;

        @Override
        public void started(int tasks, int alreadyDone) {
            start = System.nanoTime();
            skipped = alreadyDone;
            err.printf("nit: %d images in this shard, %d already done%n", tasks, alreadyDone);
        }

        @Override
        public void finished(BatchTask task, ManifestRow row, int doneSoFar, int tasks) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            int madeHere = doneSoFar - skipped;
            double left = elapsed / madeHere * (tasks - doneSoFar);
            err.printf(Locale.ROOT, "nit: %d/%d %s (%s s, about %s left)%n", doneSoFar, tasks, task.id(),
                    row.get("seconds"), duration(left));
        }

        @Override
        public void warning(String message) {
            err.println("nit: warning: " + message);
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
