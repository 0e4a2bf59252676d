package io.github.nitfiji.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.Sha256;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A fine-tuning run on one machine: the packed steps of the official trainer over the cached
 * latents, with checkpoints (every N steps, at the end and on cancel), the loss curve, previews,
 * and the listener. The run folder holds {@code checkpoint.safetensors}, {@code loss.csv} and
 * {@code previews/}. The transformer is trained in place: LoRA adds adapters that the run takes off
 * again; full fine-tuning changes its weights (reload it to sample the base again).
 */
public final class TrainingRun {
    private static final int LOSS_WINDOW = 50;
    private static final int PREVIEW_MAX_SIDE = 16;

    /** What the run starts from. */
    public static final class Setup {
        public NitTransformer nit;
        /** For previews; null for none. */
        public DcAeDecoder decoder;
        public String baseSha256;
        public Dataset dataset;
        public LatentCache cache;
        public List<LatentCache.CachedEntry> entries;
        public Path runDir;
    }

    /**
     * What the run made: the fine-tune's weights file in the run folder ({@code finetune.safetensors},
     * the EMA of the trained values, {@link FineTuneWeights}) and how it was trained.
     */
    public static final class Outcome {
        public final long steps;
        public final double finalLoss;
        public final boolean full;
        public final int rank;
        public final double alpha;
        public final String datasetDigest;
        public final int tokenBudget;
        /** Images trained on (the dataset less skipped ones). */
        public final int images;
        public final Path weights;

        Outcome(long steps, double finalLoss, boolean full, int rank, double alpha, String datasetDigest,
                int tokenBudget, int images, Path weights) {
            this.steps = steps;
            this.finalLoss = finalLoss;
            this.full = full;
            this.rank = rank;
            this.alpha = alpha;
            this.datasetDigest = datasetDigest;
            this.tokenBudget = tokenBudget;
            this.images = images;
            this.weights = weights;
        }
    }

    private TrainingRun() {
    }

    /**
     * Trains to {@code settings.steps} steps (continuing from the run folder's checkpoint when
     * {@code resume}).
     *
     * @throws CancellationException when {@code cancelled} turned true: a checkpoint was written first
     */
    public static Outcome run(Setup s, TrainingSettings settings, boolean resume, TrainingListener listener,
                              BooleanSupplier cancelled) throws IOException {
        settings.validate();
        TrainStep.gradModeOff();
        NitConfig config = s.nit.config();
        int classes = s.dataset.classNames.size();
        TrainingData data = new TrainingData(s.cache, s.entries, config.nullClass() + 1, config.inChannels);
        int budget = tokenBudget(s, settings, data);
        String digest = digest(s.entries, s.dataset);
        JsonObject identity = settings.identity(budget);
        identity.addProperty("base_sha256", s.baseSha256);
        identity.addProperty("dataset_digest", digest);
        JsonArray names = new JsonArray();
        s.dataset.classNames.forEach(names::add);
        identity.add("classes", names);
        Path checkpointFile = s.runDir.resolve(TrainingCheckpoint.FILE);
        if (!resume && TrainingCheckpoint.exists(s.runDir)) {
            throw new IllegalArgumentException(s.runDir + " already holds a checkpoint; continue it with --resume, or"
                    + " train under another --name");
        }
        if (resume && !TrainingCheckpoint.exists(s.runDir)) {
            throw new IllegalArgumentException("--resume: " + s.runDir + " holds no checkpoint to continue; start without"
                    + " --resume");
        }
        Files.createDirectories(s.runDir);
        try (TrainableModel model = settings.full ? TrainableModel.full(s.nit, classes)
                : TrainableModel.lora(s.nit, settings.rank, settings.effectiveAlpha(), classes, settings.seed);
             TrainerState state = new TrainerState(model.tensors, s.nit.newManager())) {
            long epoch = 0;
            int pack = 0;
            Deque<Double> recent = new ArrayDeque<>();
            if (resume) {
                TrainingCheckpoint c = TrainingCheckpoint.read(checkpointFile);
                c.restore(checkpointFile, model, state, identity);
                epoch = c.epoch;
                pack = c.pack;
                recent.addAll(c.recentLosses);
            }
            TrainStep step = new TrainStep(s.nit, state, AdamW.official(), new Ema(settings.emaDecay),
                    settings.maxGradNorm);
            TokenPacker packer = new TokenPacker(data.tokenCounts(), budget, settings.seed);
            List<int[]> packs = packer.epoch(epoch);
            long first = state.steps;
            long started = System.nanoTime();
            try (LossCsv csv = new LossCsv(s.runDir, state.steps)) {
                while (state.steps < settings.steps) {
                    if (cancelled.getAsBoolean()) {
                        TrainingCheckpoint.write(checkpointFile, model, state, epoch, pack, identity, new ArrayList<>(recent));
                        listener.checkpoint(state.steps, checkpointFile);
                        throw new CancellationException("training cancelled at step " + state.steps
                                + "; the checkpoint is written: continue with --resume");
                    }
                    if (pack >= packs.size()) {
                        epoch++;
                        pack = 0;
                        packs = packer.epoch(epoch);
                    }
                    long k = state.steps;
                    PackedBatch batch = data.batch(packs.get(pack++), new StepRandom(settings.seed, k + 1),
                            settings.labelDropout, config.nullClass());
                    double lr = settings.lrAt(k);
                    TrainStep.Result r = step.run(batch, lr, false);
                    recent.addLast(r.loss);
                    if (recent.size() > LOSS_WINDOW) {
                        recent.removeFirst();
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    double rate = (state.steps - first) / Math.max(seconds, 1e-9);
                    TrainingListener.StepReport report = new TrainingListener.StepReport(state.steps, settings.steps,
                            r.loss, mean(recent), r.gradNorm, lr, rate, (settings.steps - state.steps) / rate);
                    csv.add(report, seconds);
                    listener.step(report);
                    boolean last = state.steps == settings.steps;
                    boolean checkpointNow = last || state.steps % settings.checkpointEvery == 0;
                    if (checkpointNow) {
                        TrainingCheckpoint.write(checkpointFile, model, state, epoch, pack, identity, new ArrayList<>(recent));
                        listener.checkpoint(state.steps, checkpointFile);
                    }
                    // with previews on, every checkpoint gets its grid too
                    boolean previewNow = settings.previewEvery > 0 && (state.steps % settings.previewEvery == 0
                            || checkpointNow);
                    if (previewNow && s.decoder != null) {
                        Path png = s.runDir.resolve("previews").resolve(String.format("step-%07d.png", state.steps));
                        Files.createDirectories(png.getParent());
                        PreviewGrid.write(s.nit, s.decoder, config.nullClass() + 1, classes, previewSize(data),
                                settings.previewSteps, settings.seed, png);
                        listener.preview(state.steps, png);
                    }
                }
            }
            Map<String, FineTuneWeights.Tensor> ema = new LinkedHashMap<>();
            for (int i = 0; i < model.tensors.size(); i++) {
                int index = i;
                ema.put(model.tensors.get(i).name, new FineTuneWeights.Tensor(model.tensors.get(i).storedShape, () -> {
                    try (ai.djl.ndarray.NDArray values = state.emaStored(index)) {
                        return values.toFloatArray();
                    }
                }));
            }
            Path weights = s.runDir.resolve(FineTuneWriter.WEIGHTS);
            int rank = settings.full ? 0 : settings.rank;
            double alpha = settings.full ? 0 : settings.effectiveAlpha();
            FineTuneWeights.write(weights, ema, settings.full, rank, alpha, s.baseSha256, s.dataset.classNames);
            return new Outcome(state.steps, mean(recent), settings.full, rank, alpha, digest, budget, s.entries.size(),
                    weights);
        }
    }

    /** The budget asked for or derived from memory; refuses images above it and budgets that cannot fit. */
    private static int tokenBudget(Setup s, TrainingSettings settings, TrainingData data) {
        NitConfig config = s.nit.config();
        int rank = settings.full ? 0 : settings.rank;
        int classes = s.dataset.classNames.size();
        long memory = settings.memoryBudgetBytes > 0 ? settings.memoryBudgetBytes
                : io.github.nitfiji.pipeline.MemoryPlan.defaultBudget();
        int largest = 0;
        int largestAt = 0;
        for (int i = 0; i < data.sizes.size(); i++) {
            if (data.sizes.get(i).tokens() > largest) {
                largest = data.sizes.get(i).tokens();
                largestAt = i;
            }
        }
        int budget = settings.tokenBudget;
        if (budget == 0) {
            budget = TrainingMemory.tokenBudget(config, rank, classes, memory);
            if (budget < largest) {
                throw new IllegalArgumentException("the memory budget of " + TrainingMemory.gb(memory) + " is too small: a "
                        + "step over the largest image (" + largest + " tokens) needs about "
                        + TrainingMemory.gb(TrainingMemory.stepBytes(config, rank, classes, largest, largest))
                        + (settings.full ? " for full fine-tuning; use LoRA (leave out --full)," : ";")
                        + " give more memory (--memory-budget) or lower --max-size");
            }
        }
        if (largest > budget) {
            LatentSize size = data.sizes.get(largestAt);
            int side = (int) Math.floor(Math.sqrt(budget)) * NativeResolution.UNIT;
            throw new IllegalArgumentException("image " + s.entries.get(largestAt).latent.source + " is "
                    + size.width * NativeResolution.UNIT + " x " + size.height * NativeResolution.UNIT + " px = "
                    + largest + " tokens, above the token budget of " + budget + "; raise --token-budget to at least "
                    + largest + " or lower --max-size to " + side + " (" + side + " x " + side + " px fits)");
        }
        long need = TrainingMemory.stepBytes(config, rank, classes, budget, Math.min(budget, largest));
        if (need > memory) {
            throw new IllegalArgumentException((settings.full ? "full fine-tuning" : "LoRA fine-tuning") + " at "
                    + budget + " tokens per step needs about " + TrainingMemory.gb(need) + ", above the memory budget of "
                    + TrainingMemory.gb(memory) + "; lower --token-budget" + (settings.full ? ", use LoRA" : "")
                    + " or give more memory (--memory-budget)");
        }
        return budget;
    }

    /** SHA-256 of the dataset as trained: each image's SHA-256 and class, in order. */
    static String digest(List<LatentCache.CachedEntry> entries, Dataset dataset) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (LatentCache.CachedEntry e : entries) {
                md.update((e.latent.sha256 + " " + dataset.classNames.get(e.classIndex) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return Sha256.hex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data's most common latent size, each side at most 16 (512 px), for quick previews. */
    private static LatentSize previewSize(TrainingData data) {
        Map<LatentSize, Integer> counts = new HashMap<>();
        LatentSize best = data.sizes.get(0);
        for (LatentSize size : data.sizes) {
            int c = counts.merge(size, 1, Integer::sum);
            if (c > counts.getOrDefault(best, 0)) {
                best = size;
            }
        }
        return new LatentSize(Math.min(best.height, PREVIEW_MAX_SIDE), Math.min(best.width, PREVIEW_MAX_SIDE));
    }

    private static double mean(Deque<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.isEmpty() ? Double.NaN : sum / values.size();
    }
}
