package io.github.nitfiji.ij;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ij.ImagePlus;
import io.github.nitfiji.labels.ClassMatch;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.UnknownClassException;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.EngineSetup;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationResult;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.pipeline.ModelChoice;
import io.github.nitfiji.pipeline.PipelineCache;
import io.github.nitfiji.pipeline.Precision;
import io.github.nitfiji.pipeline.Provenance;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One "NiT Generate" run, from options to a stack: the ImageJ 1 plugin and the SciJava command
 * both call this. Cheap checks (class, size, model files, Java heap) come first, so a bad
 * request fails before any model loads; the pipeline comes from the shared {@link PipelineCache}.
 */
public final class GenerateJob {
    private final GenerateOptions options;
    private final JobFeedback feedback;
    private final BooleanSupplier cancelled;

    /** The stack, and the options that regenerate it (the seed and model actually used filled in). */
    public static final class Outcome {
        public final ImagePlus image;
        public final GenerateOptions options;

        Outcome(ImagePlus image, GenerateOptions options) {
            this.image = image;
            this.options = options;
        }
    }

    public GenerateJob(GenerateOptions options, JobFeedback feedback, BooleanSupplier cancelled) {
        this.options = options;
        this.feedback = feedback;
        this.cancelled = cancelled;
    }

    /**
     * Generates the images, or throws: {@link java.util.concurrent.CancellationException} when
     * cancelled (nothing is kept), {@link IllegalArgumentException}, {@link UnknownClassException}
     * or {@link ModelException} for bad input, {@link java.io.IOException} for loading failures.
     */
    public Outcome run() throws Exception {
        ClassLoader previous = EngineSetup.prepareThread(GenerateJob.class);
        try {
            return generate();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private Outcome generate() throws Exception {
        ClassMatch match = ClassMatcher.standard().resolve(options.prompt);
        ModelStore store = ModelStore.openDefault();
        ModelChoice choice = options.model == null ? ModelChoice.byIdOrDefault(store, null, feedback::note)
                : ModelChoice.byId(store, options.model);
        long seed = options.seed >= 0 ? options.seed : GenerationRequest.randomSeed();
        GenerateOptions used = options.toBuilder().seed(seed).model(choice.modelId).build();
        GenerationRequest request = used.request(match.index());
        checkHeap(request, used.output);
        stopIfCancelled();

        feedback.status("NiT: starting the engine");
        Device device = DeviceChoice.resolve(used.device, feedback::note);
        EngineSetup.inferenceThread();
        DataType precision = used.precision.dataType(device);
        PipelineCache.Key key = new PipelineCache.Key(choice.modelId, device, precision);
        // fused attention (eager if its module cannot load): faster and leaner on GPU and CPU alike
        AttentionKind attention = AttentionKind.FUSED;
        GenerationResult result = PipelineCache.shared().run(key, () -> {
            feedback.status("NiT: loading " + key);
            return choice.load(device, precision, attention, MemoryPlan.defaultDecodeBudget(), feedback::note);
        }, pipeline -> {
            MemoryPlan.check(pipeline, request, MemoryPlan.defaultBudget());
            feedback.status("NiT: sampling " + request);
            return pipeline.generate(request, new JobProgress(feedback, System::nanoTime), cancelled);
        }, waiting -> feedback.status("NiT: " + waiting + " (Esc cancels)"), cancelled);

        String className = match.name();
        String sha = store.weightsSha256(choice.modelId).orElse(null);
        GeneratedImage first = result.images.get(0);
        Map<String, String> provenance = Provenance.of(request, first, choice.describe(), sha, choice.decoderId,
                className, used.prompt, device.toString(), Precision.id(precision));
        StringJoiner seeds = new StringJoiner(",");
        result.images.forEach(image -> seeds.add(Long.toString(image.seed)));
        provenance.put("nit.images", Integer.toString(result.images.size()));
        provenance.put("nit.seeds", seeds.toString());
        provenance.put("nit.output", used.output.id);
        provenance.put("nit.macro", used.macroCall());
        String title = String.format(Locale.ROOT, "NiT %s %dx%d", className, request.width(), request.height());
        ImagePlus image = ResultImages.stack(result.images, used.output == GenerateOptions.Output.FLOAT32, title,
                className, provenance);
        feedback.status(String.format(Locale.ROOT, "NiT: %d image(s) in %.1f s (sampling %.1f s, decoding %.1f s)",
                result.images.size(), result.samplingSeconds + result.decodingSeconds, result.samplingSeconds,
                result.decodingSeconds));
        return new Outcome(image, used);
    }

    private void stopIfCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled before the model was loaded");
        }
    }

    /** The decoded planes and the ImageJ stack both live on the Java heap: refuse early if they cannot. */
    static void checkHeap(GenerationRequest request, GenerateOptions.Output output) {
        long pixels = (long) request.images() * request.width() * request.height();
        long perPixel = 3 * Float.BYTES + (output == GenerateOptions.Output.FLOAT32 ? 3 * Float.BYTES : Integer.BYTES);
        long need = pixels * perPixel;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%d image(s) of %dx%d as %s need about "
                    + "%.1f GB of Java memory, but only %.1f GB is free: ask for fewer or smaller images, or raise "
                    + "the limit in Edit > Options > Memory & Threads", request.images(), request.width(),
                    request.height(), output.id, need / 1e9, free / 1e9));
        }
    }
}
