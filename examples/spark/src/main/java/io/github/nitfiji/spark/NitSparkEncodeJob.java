package io.github.nitfiji.spark;

import io.github.nitfiji.ActiveFrontDoor;
import io.github.nitfiji.cli.CommandLineDoor;
import io.github.nitfiji.train.FineTuneJob;
import io.github.nitfiji.train.LatentCache;
import java.io.Serializable;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code spark-submit --class io.github.nitfiji.spark.NitSparkEncodeJob nit-spark.jar --data DIR --base MODEL
 * --run DIR [--parts N] [--models-dir DIR] [--min-size PX] [--max-size PX] [--flip] [--device D]}: encodes a
 * fine-tuning dataset into a run's latent cache on the cluster, part K of N on each task, exactly
 * what {@code train --encode-only --shard K/N} does on one machine (the engine's {@link FineTuneJob}).
 * The dataset, the run folder and the models folder must be paths every executor sees (a shared
 * or cluster file system mounted on each node). Training then runs on one machine, where
 * {@code train --run DIR ...} with the same dataset and sizes finds every part and encodes nothing
 * again (DJL has no data-parallel training).
 */
public final class NitSparkEncodeJob {
    /** What the parts did, added up. */
    public static final class Summary implements Serializable {
        private static final long serialVersionUID = 1L;
        public final int parts;
        public final int encoded;
        public final int reused;
        /** One warning per image skipped (unreadable, too small), naming it. */
        public final List<String> skipped;

        Summary(int parts, int encoded, int reused, List<String> skipped) {
            this.parts = parts;
            this.encoded = encoded;
            this.reused = reused;
            this.skipped = skipped;
        }
    }

    /** The encode options, as the {@code train} command spells them; serializable for the executors. */
    static final class Options implements Serializable {
        private static final long serialVersionUID = 1L;
        String data;
        String base;
        String run;
        String modelsDir;
        String device = "cpu";
        int minSize = 32;
        int maxSize = 512;
        boolean flip;
        int parts;

        FineTuneJob.Request request(int part) {
            FineTuneJob.Request r = new FineTuneJob.Request();
            r.data = Paths.get(data);
            r.base = base;
            r.runDir = Paths.get(run);
            r.modelsDir = modelsDir == null ? null : Paths.get(modelsDir);
            r.device = device;
            r.minSize = minSize;
            r.maxSize = maxSize;
            r.flip = flip;
            r.encodeOnly = true;
            r.part = part;
            r.parts = parts;
            return r;
        }
    }

    private NitSparkEncodeJob() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("nit-spark: " + e.getMessage());
            System.err.println("usage: spark-submit --class " + NitSparkEncodeJob.class.getName() + " nit-spark.jar"
                    + " --data DIR --base MODEL --run DIR [--parts N] [--models-dir DIR] [--min-size PX] [--max-size PX]"
                    + " [--flip] [--device D]");
            System.exit(2);
            return;
        }
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("NiT encode"))) {
            Summary s = run(sc, options);
            System.out.println("NiT encode: " + s.parts + " parts, " + s.encoded + " images encoded, " + s.reused
                    + " reused, " + s.skipped.size() + " skipped; latent cache " + Paths.get(options.run, "latents"));
            s.skipped.forEach(w -> System.err.println("nit: warning: " + w));
        }
    }

    /** Parses the job's options (no {@code --parts}: one per default parallelism). */
    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--flip")) {
                o.flip = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--data": o.data = value; break;
                case "--base": o.base = value; break;
                case "--run": o.run = value; break;
                case "--models-dir": o.modelsDir = value; break;
                case "--device": o.device = value; break;
                case "--min-size": o.minSize = number(flag, value); break;
                case "--max-size": o.maxSize = number(flag, value); break;
                case "--parts": o.parts = number(flag, value); break;
                default: throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (o.data == null || o.base == null || o.run == null) {
            throw new IllegalArgumentException("--data, --base and --run are needed (folders every executor sees)");
        }
        return o;
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + value + " is not a whole number");
        }
    }

    /** Runs the job with its command line's options. */
    public static Summary run(JavaSparkContext sc, String... args) throws Exception {
        return run(sc, parse(args));
    }

    /**
     * Checks the request on the driver (base installed, dataset readable), then encodes the parts
     * on the executors ({@code parts} 0: one per default parallelism).
     */
    static Summary run(JavaSparkContext sc, Options options) throws Exception {
        if (options.parts == 0) {
            options.parts = sc.defaultParallelism();
        }
        if (options.parts < 1) {
            throw new IllegalArgumentException("--parts must be at least 1, found " + options.parts);
        }
        ActiveFrontDoor.set(CommandLineDoor.INSTANCE);
        FineTuneJob.prepare(options.request(1), Quiet.INSTANCE); // fails here, once, on a bad request
        List<Integer> parts = IntStream.rangeClosed(1, options.parts).boxed().collect(Collectors.toList());
        List<int[]> counts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (PartResult r : sc.parallelize(parts, options.parts).map(part -> encode(options, part)).collect()) {
            counts.add(new int[] {r.encoded, r.reused});
            skipped.addAll(r.skipped);
        }
        return new Summary(options.parts, counts.stream().mapToInt(c -> c[0]).sum(),
                counts.stream().mapToInt(c -> c[1]).sum(), skipped);
    }

    /** One part on an executor. */
    private static PartResult encode(Options options, int part) throws Exception {
        ActiveFrontDoor.set(CommandLineDoor.INSTANCE);
        LatentCache.Report report = FineTuneJob.prepare(options.request(part), Quiet.INSTANCE).encode(() -> false);
        return new PartResult(report.encoded, report.reused, report.skipped);
    }

    /** What one part did. */
    static final class PartResult implements Serializable {
        private static final long serialVersionUID = 1L;
        final int encoded;
        final int reused;
        final List<String> skipped;

        PartResult(int encoded, int reused, List<String> skipped) {
            this.encoded = encoded;
            this.reused = reused;
            this.skipped = new ArrayList<>(skipped);
        }
    }

    /** Executors report through their result; their progress goes to their own log. */
    private enum Quiet implements FineTuneJob.Events {
        INSTANCE;

        @Override
        public void note(String message) {
            System.err.println("nit: " + message);
        }

        @Override
        public void warning(String message) {
            System.err.println("nit: warning: " + message);
        }

        @Override
        public void step(StepReport report) {
        }

        @Override
        public void image(int done, int total, double imagesPerSecond, double secondsLeft) {
        }

        @Override
        public void skipped(String warning) {
        }
    }
}
