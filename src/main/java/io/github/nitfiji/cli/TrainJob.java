package io.github.nitfiji.cli;

import io.github.nitfiji.train.FineTuneJob;
import io.github.nitfiji.train.LatentCache;
import io.github.nitfiji.train.OfficialLatentExport;
import io.github.nitfiji.train.TrainingSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code train} command line over the engine's {@link FineTuneJob}: find the base, read and
 * encode the dataset into the run's latent cache, train, install the fine-tune. The first Ctrl-C
 * cancels the run after its current step (it writes a checkpoint and the command exits with 130);
 * a second one quits at once.
 */
final class TrainJob {
    private final TrainCommand o;
    private final PrintStream out;
    private final PrintStream err;

    TrainJob(TrainCommand options) {
        this.o = options;
        this.out = options.out;
        this.err = options.err;
    }

    int run() throws Exception {
        FineTuneJob.Request r = request();
        FineTuneJob job = FineTuneJob.prepare(r, events(r.settings.steps));
        LatentCache.Report report = job.encode(() -> false);
        if (o.encodeOnly) {
            if (o.exportOfficial != null) {
                int budget = o.tokenBudget > 0 ? o.tokenBudget : 16384;
                OfficialLatentExport.write(job.cache(), report.entries, job.dataset(), budget, o.seed, job.baseClasses(),
                        o.exportOfficial);
                out.println("official layout: " + o.exportOfficial.toAbsolutePath() + " (data_config.yaml)");
            }
            return 0;
        }
        AtomicBoolean cancel = new AtomicBoolean();
        Runnable restore = CtrlC.onInterrupt(() -> {
            cancel.set(true);
            err.println("nit: stopping after this step and writing a checkpoint (Ctrl-C again quits at once)");
        });
        try {
            FineTuneJob.Result result;
            try {
                result = job.train(cancel::get);
            } catch (java.util.concurrent.CancellationException e) {
                err.println("nit: " + e.getMessage());
                throw e;
            }
            out.println("installed fine-tune '" + result.modelId + "' (" + result.card + "): classes " + job.classList());
            return 0;
        } finally {
            restore.run();
        }
    }

    private FineTuneJob.Request request() throws UsageException {
        FineTuneJob.Request r = new FineTuneJob.Request();
        r.modelsDir = o.modelsDir;
        r.base = o.base;
        r.name = o.name;
        r.data = o.data;
        r.runDir = o.run != null ? o.run : Paths.get(o.name + ".train");
        r.device = o.device;
        r.settings = settings();
        r.minSize = o.minSize;
        r.maxSize = o.maxSize;
        r.flip = o.flip;
        r.resume = o.resume;
        r.encodeOnly = o.encodeOnly;
        int[] part = shard();
        r.part = part[0];
        r.parts = part[1];
        return r;
    }

    private TrainingSettings settings() {
        TrainingSettings s = new TrainingSettings();
        s.steps = o.steps;
        s.lr = o.lr;
        s.warmupSteps = o.warmup;
        s.full = o.full;
        s.rank = o.rank;
        s.alpha = o.alpha;
        s.emaDecay = o.ema;
        s.tokenBudget = o.tokenBudget;
        s.memoryBudgetBytes = (long) (o.memoryBudgetGb * 1e9);
        s.checkpointEvery = o.checkpointEvery;
        s.previewEvery = o.previewEvery;
        s.seed = o.seed;
        return s;
    }

    private int[] shard() throws UsageException {
        if (o.shard == null) {
            return new int[] {1, 1};
        }
        String[] parts = o.shard.split("/");
        try {
            if (parts.length == 2) {
                int k = Integer.parseInt(parts[0].trim());
                int n = Integer.parseInt(parts[1].trim());
                if (n >= 1 && k >= 1 && k <= n) {
                    return new int[] {k, n};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--shard " + o.shard + ": expected K/N with 1 <= K <= N, e.g. 2/4");
    }

    private FineTuneJob.Events events(int steps) {
        int every = Math.max(1, steps / 50);
        return new FineTuneJob.Events() {
            @Override
            public void note(String message) {
                out.println(message);
            }

            @Override
            public void warning(String message) {
                err.println("nit: warning: " + message);
            }

            @Override
            public void image(int done, int total, double imagesPerSecond, double secondsLeft) {
                if (done == total || done % Math.max(1, total / 20) == 0) {
                    out.println(String.format(Locale.ROOT, "encoding: %d/%d images, %.2f images/s%s", done, total,
                            imagesPerSecond, Double.isNaN(secondsLeft) ? "" : String.format(Locale.ROOT,
                                    ", %.0f s left", secondsLeft)));
                }
            }

            @Override
            public void skipped(String warning) {
                err.println("nit: warning: " + warning);
            }

            @Override
            public void step(StepReport r) {
                if (r.step <= 5 || r.step % every == 0 || r.step == r.totalSteps) {
                    out.println(String.format(Locale.ROOT, "step %d/%d: loss %.4f (mean %.4f), %.2f steps/s, %.0f s left",
                            r.step, r.totalSteps, r.loss, r.runningMean, r.stepsPerSecond, r.secondsLeft));
                }
            }

            @Override
            public void checkpoint(long step, Path file) {
                out.println("checkpoint at step " + step + ": " + file);
            }

            @Override
            public void preview(long step, Path png) {
                out.println("preview at step " + step + ": " + png);
            }
        };
    }
}
