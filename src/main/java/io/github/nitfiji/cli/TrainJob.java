package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.runtime.DeviceChoice;
import io.github.nitfiji.train.Dataset;
import io.github.nitfiji.train.EncodeProgress;
import io.github.nitfiji.train.FineTuneWriter;
import io.github.nitfiji.train.ImageIoReader;
import io.github.nitfiji.train.LatentCache;
import io.github.nitfiji.train.LatentEncoding;
import io.github.nitfiji.train.NativeResolution;
import io.github.nitfiji.train.OfficialLatentExport;
import io.github.nitfiji.train.TrainingListener;
import io.github.nitfiji.train.TrainingRun;
import io.github.nitfiji.train.TrainingSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code train} command line: find the base, read and encode the dataset into the run's latent
 * cache, train, install the fine-tune. The first Ctrl-C cancels the run after its current step (it
 * writes a checkpoint and the command exits with 130); a second one quits at once.
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
        ModelStore store = TrainBase.store(o.modelsDir);
        Path modelsRoot = store.folder().root();
        if (!o.encodeOnly) {
            if (store.catalog().find(o.name).isPresent()) {
                throw new IllegalArgumentException("--name '" + o.name + "' is already a model ("
                        + store.catalog().find(o.name).get().source() + "); choose another name");
            }
            if (!o.resume) {
                FineTuneWriter.checkNewId(modelsRoot, o.name);
            }
        }
        TrainBase base = TrainBase.find(store, o.base);
        Path runDir = (o.run != null ? o.run : Paths.get(o.name + ".train")).toAbsolutePath().normalize();
        Path data = o.data.toAbsolutePath().normalize();
        if (runDir.startsWith(data) || modelsRoot.startsWith(data)) {
            throw new IllegalArgumentException("the run folder " + runDir + " and the models folder must not be inside"
                    + " --data " + data + " (the run would read its own output); choose --run elsewhere");
        }
        Dataset dataset = Dataset.open(data);
        dataset.imageNetCollisions().forEach(w -> err.println("nit: warning: " + w));
        out.println("dataset " + data + ": " + dataset.entries.size() + " images in " + dataset.classNames.size()
                + " classes " + dataset.classNames);
        Device device = DeviceChoice.resolve(o.device, w -> err.println("nit: warning: " + w));
        int[] part = shard();
        LatentCache cache = new LatentCache(runDir.resolve("latents"));
        LatentCache.Report report;
        try (SafetensorsFile dcae = SafetensorsFile.open(base.decoderWeights);
             DcAeEncoder encoder = DcAeEncoder.load(base.decoderConfig, dcae, device, DataType.FLOAT32)) {
            LatentEncoding encoding = new LatentEncoding(encoder, device, MemoryPlan.defaultDecodeBudget(),
                    base.decoderSha256);
            report = cache.encode(dataset, new ImageIoReader(), encoding, new NativeResolution(o.minSize, o.maxSize),
                    o.flip, part[0], part[1], encodeProgress(), () -> false);
        }
        out.println("latent cache " + cache.dir() + ": " + report.encoded + " encoded, " + report.reused + " reused, "
                + report.skipped.size() + " skipped");
        if (o.encodeOnly) {
            if (o.exportOfficial != null) {
                int budget = o.tokenBudget > 0 ? o.tokenBudget : 16384;
                OfficialLatentExport.write(cache, report.entries, dataset, budget, o.seed, base.config.numClasses,
                        o.exportOfficial);
                out.println("official layout: " + o.exportOfficial.toAbsolutePath() + " (data_config.yaml)");
            }
            return 0;
        }
        return train(base, dataset, cache, report, runDir, device, modelsRoot);
    }

    private int train(TrainBase base, Dataset dataset, LatentCache cache, LatentCache.Report report, Path runDir,
                      Device device, Path modelsRoot) throws Exception {
        TrainingSettings settings = settings();
        AtomicBoolean cancel = new AtomicBoolean();
        Runnable restore = CtrlC.onInterrupt(() -> {
            cancel.set(true);
            err.println("nit: stopping after this step and writing a checkpoint (Ctrl-C again quits at once)");
        });
        try (SafetensorsFile weights = SafetensorsFile.open(base.weights);
             NitTransformer nit = NitTransformer.load(base.config, new SafetensorsWeights(weights), device,
                     DataType.FLOAT32);
             SafetensorsFile dcae = SafetensorsFile.open(base.decoderWeights);
             DcAeDecoder decoder = o.previewEvery > 0
                     ? DcAeDecoder.load(base.decoderConfig, dcae, device, DataType.FLOAT32) : null) {
            TrainingRun.Setup setup = new TrainingRun.Setup();
            setup.nit = nit;
            setup.decoder = decoder;
            setup.baseSha256 = base.sha256;
            setup.dataset = dataset;
            setup.cache = cache;
            setup.entries = report.entries;
            setup.runDir = runDir;
            TrainingRun.Outcome outcome;
            try {
                outcome = TrainingRun.run(setup, settings, o.resume, listener(settings.steps), cancel::get);
            } catch (java.util.concurrent.CancellationException e) {
                err.println("nit: " + e.getMessage());
                throw e;
            }
            Path card = FineTuneWriter.install(modelsRoot, o.name, base.describe(), dataset, settings, outcome);
            out.println("installed fine-tune '" + o.name + "' (" + card + "): classes " + classList(dataset));
            return 0;
        } finally {
            restore.run();
        }
    }

    private static String classList(Dataset dataset) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < dataset.classNames.size(); k++) {
            s.append(k == 0 ? "" : ", ").append(1001 + k).append(" = ").append(dataset.classNames.get(k));
        }
        return s.toString();
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

    private EncodeProgress encodeProgress() {
        return new EncodeProgress() {
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
        };
    }

    private TrainingListener listener(int steps) {
        int every = Math.max(1, steps / 50);
        return new TrainingListener() {
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
