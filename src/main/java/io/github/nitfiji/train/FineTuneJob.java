package io.github.nitfiji.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.runtime.DeviceChoice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One fine-tune as every front door runs it (the {@code train} command, "NiT Train...", the
 * SciJava command, the Spark encode job): {@link #prepare} finds the base, checks the name and
 * reads the dataset; {@link #encode} fills the run's latent cache; {@link #train} trains and
 * installs the result. The front door fills the {@link Request} and hears the {@link Events}.
 */
public final class FineTuneJob {
    /** What to do; the front door's own defaults filled in. */
    public static final class Request {
        /** The models folder; null for this JVM's. */
        public Path modelsDir;
        public String base;
        /** The new model's id (not needed to encode only). */
        public String name;
        /** A folder with one sub-folder per class, or a .csv / .json list. */
        public Path data;
        /** The run folder: latent cache, checkpoint, loss curve, previews. */
        public Path runDir;
        /** cpu, gpu, gpu:N, mps or auto. */
        public String device = "cpu";
        public TrainingSettings settings = new TrainingSettings();
        public int minSize = NativeResolution.UNIT;
        public int maxSize = 512;
        public boolean flip;
        public boolean resume;
        /** Only encode: the name is not checked (no model is made). */
        public boolean encodeOnly;
        /** Encode part {@code part} of {@code parts} (1-based). */
        public int part = 1;
        public int parts = 1;
    }

    /** What a job tells its front door, on the job's thread. */
    public interface Events extends TrainingListener, EncodeProgress {
        /** A stage's summary ("dataset ...: 12 images in 2 classes", "latent cache ...: 12 encoded"). */
        void note(String message);
    }

    /** A finished fine-tune. */
    public static final class Result {
        public final String modelId;
        public final Path card;
        public final TrainingRun.Outcome outcome;

        Result(String modelId, Path card, TrainingRun.Outcome outcome) {
            this.modelId = modelId;
            this.card = card;
            this.outcome = outcome;
        }
    }

    private final Request request;
    private final Events events;
    private final Path modelsRoot;
    private final BaseModel base;
    private final Dataset dataset;
    private final Device device;
    private LatentCache cache;
    private LatentCache.Report report;

    private FineTuneJob(Request request, Events events, Path modelsRoot, BaseModel base, Dataset dataset,
                        Device device) {
        this.request = request;
        this.events = events;
        this.modelsRoot = modelsRoot;
        this.base = base;
        this.dataset = dataset;
        this.device = device;
    }

    /**
     * Checks the request against the models folder and reads the dataset; nothing is written yet.
     *
     * @throws IllegalArgumentException naming the bad option (base, name, folders, dataset)
     * @throws ModelException when the base or its decoder is not installed
     */
    public static FineTuneJob prepare(Request r, Events events) throws ModelException, IOException {
        ModelStore store = BaseModel.store(r.modelsDir);
        Path modelsRoot = store.folder().root();
        if (!r.encodeOnly) {
            if (store.catalog().find(r.name).isPresent()) {
                throw new IllegalArgumentException("--name '" + r.name + "' is already a model ("
                        + store.catalog().find(r.name).get().source() + "); choose another name");
            }
            if (!r.resume) {
                FineTuneWriter.checkNewId(modelsRoot, r.name);
            }
            checkRunFolder(r.runDir, r.resume);
        }
        BaseModel base = BaseModel.find(store, r.base);
        Path runDir = r.runDir.toAbsolutePath().normalize();
        Path data = r.data.toAbsolutePath().normalize();
        if (runDir.startsWith(data) || modelsRoot.startsWith(data)) {
            throw new IllegalArgumentException("the run folder " + runDir + " and the models folder must not be inside"
                    + " --data " + data + " (the run would read its own output); choose --run elsewhere");
        }
        Dataset dataset = Dataset.open(data);
        dataset.imageNetCollisions().forEach(events::warning);
        events.note("dataset " + data + ": " + dataset.entries.size() + " images in " + dataset.classNames.size()
                + " classes " + dataset.classNames);
        Device device = DeviceChoice.resolve(r.device, events::warning);
        return new FineTuneJob(r, events, modelsRoot, base, dataset, device);
    }

    /**
     * Refuses a run folder that holds a checkpoint unless resuming, and one without when resuming
     * (before anything is encoded or written into it).
     */
    public static void checkRunFolder(Path runDir, boolean resume) {
        boolean held = TrainingCheckpoint.exists(runDir);
        if (!resume && held) {
            throw new IllegalArgumentException(runDir + " already holds a checkpoint; continue it with --resume, or"
                    + " train under another --name");
        }
        if (resume && !held) {
            throw new IllegalArgumentException("--resume: " + runDir + " holds no checkpoint to continue; start without"
                    + " --resume");
        }
    }

    public Dataset dataset() {
        return dataset;
    }

    public LatentCache cache() {
        return cache;
    }

    /** The base model's number of classes (its null class), for the official layout. */
    public int baseClasses() {
        return base.config.numClasses;
    }

    /**
     * Encodes this request's part of the dataset into the run's latent cache ({@code RUN/latents}).
     *
     * @throws CancellationException when {@code cancelled} turned true (shards written so far are kept)
     */
    public LatentCache.Report encode(BooleanSupplier cancelled) throws IOException {
        cache = new LatentCache(request.runDir.toAbsolutePath().normalize().resolve("latents"));
        try (SafetensorsFile dcae = SafetensorsFile.open(base.decoderWeights);
             DcAeEncoder encoder = DcAeEncoder.load(base.decoderConfig, dcae, device, DataType.FLOAT32)) {
            LatentEncoding encoding = new LatentEncoding(encoder, device, MemoryPlan.defaultDecodeBudget(),
                    base.decoderSha256);
            report = cache.encode(dataset, new TrainingImageFiles(), encoding,
                    new NativeResolution(request.minSize, request.maxSize), request.flip, request.part, request.parts,
                    events, cancelled);
        }
        events.note("latent cache " + cache.dir() + ": " + report.encoded + " encoded, " + report.reused + " reused, "
                + report.skipped.size() + " skipped");
        return report;
    }

    /**
     * Trains on the encoded dataset (after {@link #encode}) and installs the fine-tune.
     *
     * @throws CancellationException when {@code cancelled} turned true: a checkpoint was written first
     */
    public Result train(BooleanSupplier cancelled) throws IOException {
        if (report == null) {
            throw new IllegalStateException("encode the dataset before training");
        }
        TrainingSettings settings = request.settings;
        try (SafetensorsFile weights = SafetensorsFile.open(base.weights);
             NitTransformer nit = NitTransformer.load(base.config, new SafetensorsWeights(weights), device,
                     DataType.FLOAT32);
             SafetensorsFile dcae = SafetensorsFile.open(base.decoderWeights);
             DcAeDecoder decoder = settings.previewEvery > 0
                     ? DcAeDecoder.load(base.decoderConfig, dcae, device, DataType.FLOAT32) : null) {
            TrainingRun.Setup setup = new TrainingRun.Setup();
            setup.nit = nit;
            setup.decoder = decoder;
            setup.baseSha256 = base.sha256;
            setup.dataset = dataset;
            setup.cache = cache;
            setup.entries = report.entries;
            setup.runDir = request.runDir.toAbsolutePath().normalize();
            TrainingRun.Outcome outcome = TrainingRun.run(setup, settings, request.resume, events, cancelled);
            Path card = FineTuneWriter.install(modelsRoot, request.name, base.describe(), dataset, settings, outcome);
            return new Result(request.name, card, outcome);
        }
    }

    /** "1001 = goldfish, 1002 = mitosis": the fine-tune's classes by id. */
    public String classList() {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < dataset.classNames.size(); k++) {
            s.append(k == 0 ? "" : ", ").append(FineTuneWriter.FIRST_CLASS + k).append(" = ")
                    .append(dataset.classNames.get(k));
        }
        return s.toString();
    }
}
