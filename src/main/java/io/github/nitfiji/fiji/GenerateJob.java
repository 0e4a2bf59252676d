package io.github.nitfiji.fiji;

import ij.ImagePlus;
import ij.WindowManager;
import io.github.nitfiji.fiji.source.FijiSources;
import io.github.nitfiji.fiji.source.SourceType;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationListener;
import io.github.nitfiji.pipeline.GenerationOutcome;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationService;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.PipelineCache;
import io.github.nitfiji.pipeline.PreparedGeneration;
import io.github.nitfiji.source.SourceImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One "NiT Generate" run inside Fiji, from options to a stack: the ImageJ 1 plugin and the
 * SciJava command both call this. The {@link GenerationService} does the work; this class adds
 * what Fiji needs around it: the plugin's class loader on the thread, the Java heap check, the
 * session's shared pipeline, progress in Fiji's terms, and the stack.
 */
public final class GenerateJob {
    /** What the status line and the Log say when a run is cancelled (Esc, or the SciJava cancel). */
    public static final String CANCELLED = "cancelled, no image was made";

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
     * cancelled (nothing is kept), {@link IllegalArgumentException} or
     * {@link io.github.nitfiji.catalog.ModelException} for bad input, {@link java.io.IOException}
     * for loading failures.
     */
    public Outcome run() throws Exception {
        ClassLoader previous = FijiDoor.prepareThread(GenerateJob.class);
        try {
            Outcome outcome = generate();
            GenerationHistory.shared().add(outcome.options, outcome.image);
            return outcome;
        } catch (java.util.concurrent.CancellationException e) {
            feedback.status("NiT: " + CANCELLED);
            feedback.note(CANCELLED);
            throw e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private Outcome generate() throws Exception {
        GenerationService service = new GenerationService(PipelineCache.shared(), listener(),
                spec -> regenerating(spec).macroCall());
        ImagePlus sourceImage = options.fromImage() ? sourceImage() : null;
        FijiSources.Slices slices = FijiSources.Slices.parse(options.slices());
        List<SourceImage> sources = sourceImage == null ? java.util.Collections.singletonList(null)
                : FijiSources.of(sourceImage, slices);
        SourceType sourceType = sourceImage == null ? null : SourceType.of(sourceImage, slices);
        List<GeneratedImage> images = new ArrayList<>();
        GenerationOutcome first = null;
        double seconds = 0;
        for (SourceImage source : sources) {
            PreparedGeneration prepared = service.prepare(options.toSpec(source));
            checkHeap(prepared.spec(), sources.size());
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("cancelled before the model was loaded");
            }
            feedback.status("NiT: starting the engine");
            GenerationOutcome outcome = service.run(prepared, cancelled);
            first = first == null ? outcome : first;
            images.addAll(outcome.result().images);
            seconds += outcome.result().samplingSeconds + outcome.result().decodingSeconds;
        }
        PreparedGeneration prepared = first.prepared();
        // a class model names its class; a text model's images are labelled with their text
        String className = prepared.promptClassName() != null ? prepared.promptClassName() : prepared.spec().prompt();
        String title = String.format(Locale.ROOT, "NiT %s %dx%d", className, prepared.request().width(),
                prepared.request().height());
        if (options.fromImage()) {
            title += " from " + options.source();
        }
        Map<String, String> provenance = first.provenance(0);
        if (sources.size() > 1) {
            provenance.put("nit.source_slices", sources.size() + " (provenance above is of the first)");
        }
        ImagePlus image;
        if (options.output() == ImageOutput.SOURCE) {
            provenance.put("nit.output_type", sourceType.describe(ImageOutput.SOURCE));
            List<String> labels = new ArrayList<>();
            images.forEach(i -> labels.add(ResultImages.sliceLabel(className, i.seed)));
            image = sourceType.stack(images, sources, title, labels);
            ResultImages.stamp(image, provenance);
        } else {
            image = ResultImages.stack(images, options.output() == ImageOutput.FLOAT32, title, className, provenance);
            if (sourceType != null) {
                sourceType.calibrate(image);
            }
        }
        feedback.status(String.format(Locale.ROOT, "NiT: %d image(s) in %.1f s", images.size(), seconds));
        return new Outcome(image, regenerating(first.spec()));
    }

    /** The options that regenerate {@code spec} (as it ran), with this run's source image and slices. */
    private GenerateOptions regenerating(GenerationSpec spec) {
        GenerateOptions regenerate = GenerateOptions.of(spec);
        return options.fromImage() ? regenerate.toBuilder().source(options.source())
                .set(GenerateOptions.SLICES, options.slices()).build() : regenerate;
    }

    /** The open image to start from. */
    private ImagePlus sourceImage() {
        options.toSpec(); // the strength and refine size fail before the image is converted
        ImagePlus source = WindowManager.getImage(options.source());
        ImagePlus current = WindowManager.getCurrentImage(); // also an image made current without a window
        if (source == null && current != null && options.source().equals(current.getTitle())) {
            source = current;
        }
        if (source == null) {
            throw new IllegalArgumentException("source=[" + options.source() + "]: no open image has this title; open"
                    + " it first, or choose another (source=[] starts from noise)");
        }
        return source;
    }

    private GenerationListener listener() {
        return new GenerationListener() {
            private JobProgress progress = new JobProgress(feedback, System::nanoTime);

            @Override
            public void status(String message) {
                feedback.status("NiT: " + message);
            }

            @Override
            public void waiting(String message) {
                feedback.status("NiT: " + message + " (Esc cancels)");
            }

            @Override
            public void samplingStarts(GenerationRequest request) {
                feedback.status("NiT: sampling " + request);
                progress = new JobProgress(feedback, System::nanoTime); // time left counts from here
            }

            @Override
            public void note(String message) {
                feedback.note(message);
            }

            @Override
            public String howToInstall(String id) {
                return ErrorMessages.MODELS_MENU + " downloads " + id;
            }

            @Override
            public void sampling(int step, int steps) {
                progress.sampling(step, steps);
            }

            @Override
            public void decoding(int image, int images) {
                progress.decoding(image, images);
            }

            @Override
            public int previewEvery(boolean accelerator, int steps) {
                return feedback.previewEvery(accelerator, steps);
            }

            @Override
            public void preview(int step, int steps, List<GeneratedImage> images) {
                feedback.preview(step, steps, images);
            }
        };
    }

    /** The decoded planes and the ImageJ stack both live on the Java heap: refuse early if they cannot. */
    static void checkHeap(GenerationSpec request, int runs) {
        ImageOutput output = request.output();
        long pixels = (long) runs * request.totalImages() * request.width() * request.height();
        long perPixel = 3 * Float.BYTES + (output == ImageOutput.FLOAT32 ? 3 * Float.BYTES : Integer.BYTES);
        long need = pixels * perPixel;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%d image(s) of %dx%d as %s need about "
                    + "%.1f GB of Java memory, but only %.1f GB is free: ask for fewer or smaller images, or raise "
                    + "the limit in Edit > Options > Memory & Threads", request.totalImages(), request.width(),
                    request.height(), output.id, need / 1e9, free / 1e9));
        }
    }
}
