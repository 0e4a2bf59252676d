package io.github.nitfiji.fiji.train;

import ij.ImagePlus;
import ij.gui.Plot;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.fiji.FijiDoor;
import io.github.nitfiji.fiji.GenerateMemory;
import io.github.nitfiji.fiji.JobFeedback;
import io.github.nitfiji.fiji.JobProgress;
import io.github.nitfiji.train.BaseModel;
import io.github.nitfiji.train.FineTuneJob;
import io.github.nitfiji.train.FineTuneWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * One "NiT Train..." run inside Fiji, from options to an installed fine-tune: the ImageJ 1 plugin
 * and the SciJava command both call this. The engine's {@link FineTuneJob} does the work, exactly
 * as for the {@code train} command; this adds what Fiji needs around it: the plugin's class loader
 * on the thread, the open images as a dataset, the training window, and the fine-tune as the
 * model "NiT Generate..." starts with next.
 */
public final class TrainJob {
    private final TrainOptions options;
    private final JobFeedback feedback;
    private final BooleanSupplier cancelled;
    private final boolean live;

    /** The fine-tune, its windows, and the options that train it again (the base that ran filled in). */
    public static final class Outcome {
        public final String modelId;
        public final Path card;
        public final Path runDir;
        /** The loss plot (null when no step ran; its image carries nit.* properties) and the previews (null without). */
        public final Plot lossPlot;
        /** The loss plot's image: its window's when shown, else the plot's once shown. */
        public final ImagePlus lossImage;
        public final ImagePlus previews;
        /** Whether the plot and previews are shown already (live windows). */
        public final boolean shown;
        public final TrainOptions options;
        /** "1001 = interphase, 1002 = mitosis". */
        public final String classes;

        Outcome(String modelId, Path card, Path runDir, TrainingWindow.Result windows, TrainOptions options,
                String classes) {
            this.modelId = modelId;
            this.card = card;
            this.runDir = runDir;
            this.lossPlot = windows.lossPlot;
            this.lossImage = windows.lossImage;
            this.previews = windows.previews;
            this.shown = windows.shown;
            this.options = options;
            this.classes = classes;
        }
    }

    /**
     * A run that was stopped (Esc, or its window closed): the checkpoint is written; the message
     * says how to continue.
     */
    public static final class Stopped extends CancellationException {
        private static final long serialVersionUID = 1L;
        public final transient TrainOptions resume;

        Stopped(String message, TrainOptions resume) {
            super(message);
            this.resume = resume;
        }
    }

    /**
     * @param live whether to show the loss plot and previews as it trains (a display, not batch mode)
     */
    public TrainJob(TrainOptions options, JobFeedback feedback, BooleanSupplier cancelled, boolean live) {
        this.options = options;
        this.feedback = feedback;
        this.cancelled = cancelled;
        this.live = live;
    }

    /**
     * Trains and installs, or throws: {@link Stopped} when stopped after a checkpoint,
     * {@link CancellationException} when stopped while encoding (the encoded images are kept),
     * {@link IllegalArgumentException} or {@link ModelException} for bad input (in Fiji's words).
     */
    public Outcome run() throws Exception {
        ClassLoader previous = FijiDoor.prepareThread(TrainJob.class);
        try {
            return train();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TrainOptions.inFijiWords(e.getMessage()), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private Outcome train() throws Exception {
        ModelStore store = BaseModel.store(null);
        TrainOptions ran = withBase(store);
        String name = options.text("name");
        if (name == null) {
            throw new IllegalArgumentException("name=[...] is needed: the new model's id (lower-case letters, digits,"
                    + " '.', '_' or '-'), e.g. name=my-cells");
        }
        if (!options.flag("resume")) {
            FineTuneWriter.checkNewId(store.folder().root(), name); // before the name makes a folder
        }
        Path runDir = runFolder(store.folder().root(), name);
        boolean resume = options.flag("resume");
        FineTuneJob.Request r = new FineTuneJob.Request();
        r.base = ran.text("base");
        r.name = name;
        r.runDir = runDir;
        r.device = options.text("device") != null ? options.text("device") : "cpu";
        r.settings = options.settings();
        r.minSize = options.integer("min_size", r.minSize);
        r.maxSize = options.integer("max_size", r.maxSize);
        r.flip = options.flag("flip");
        r.resume = resume;
        TrainingWindow window = new TrainingWindow(name, runDir, resume, feedback, live);
        r.data = data(runDir, resume, window);
        FineTuneJob job = FineTuneJob.prepare(r, window);
        window.classes(job.dataset().classNames);
        feedback.status("NiT Train: encoding the images (Esc stops)");
        job.encode(cancelled);
        feedback.status("NiT Train: loading " + r.base);
        long start = System.nanoTime();
        FineTuneJob.Result result;
        BooleanSupplier stop = () -> cancelled.getAsBoolean() || window.closedByUser();
        try {
            result = job.train(stop);
        } catch (CancellationException e) {
            window.finish("step (stopped; resume continues)");
            throw new Stopped("stopped at step " + window.lastStep() + " of " + r.settings.steps + "; the checkpoint"
                    + " is in " + runDir + ". To continue, run " + TrainOptions.COMMAND + " again with the same name and"
                    + " 'resume' (in a macro: add resume)", ran.toBuilder().flag("resume", true).build());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingWindow.Result windows = window.finish(String.format(java.util.Locale.ROOT, "step (%d steps, %s)",
                result.outcome.steps, JobProgress.timeLeft(seconds).replace("about ", "").replace(" left", "")));
        List<String> classes = job.dataset().classNames;
        GenerateMemory.selectModel(result.modelId, classes.get(0));
        feedback.note("installed fine-tune '" + result.modelId + "' (" + result.card + "): classes " + job.classList()
                + "; it is the model of " + "NiT Generate... now");
        // a resumed run ends with the weights of an uninterrupted one: the line that trains it again starts afresh
        return new Outcome(result.modelId, result.card, runDir, windows, ran.toBuilder().flag("resume", false).build(),
                job.classList());
    }

    /** The options with the base that runs (the default when none is given: the first installed NiT). */
    private TrainOptions withBase(ModelStore store) throws ModelException {
        if (options.text("base") != null) {
            return options;
        }
        List<String> bases = BaseModel.installed(store);
        if (bases.isEmpty()) {
            throw new ModelException(ModelException.Reason.NOT_INSTALLED, "no NiT model is installed in "
                    + store.folder() + " to fine-tune (the bundled smoke-test model is missing: broken install?)");
        }
        return options.toBuilder().set("base", bases.get(0)).build();
    }

    /**
     * The run folder: as given, or {@code <models folder>-training/<name>} beside the models
     * folder (Fiji.app/models/nit-training/my-cells), where "Resume" finds it again.
     */
    private Path runFolder(Path modelsRoot, String name) {
        String given = options.text("run");
        if (given != null) {
            return Paths.get(given).toAbsolutePath().normalize();
        }
        return modelsRoot.resolveSibling(modelsRoot.getFileName() + "-training").resolve(name);
    }

    /** The dataset folder: the one given, or the open images written into the run folder. */
    private Path data(Path runDir, boolean resume, TrainingWindow window) throws Exception {
        if (!options.fromOpenImages()) {
            String data = options.text("data");
            if (data == null) {
                throw new IllegalArgumentException("data=[...] is needed with images=folder: a folder with one"
                        + " sub-folder of images per class (or a .csv / .json list); or use images=open");
            }
            return Paths.get(data);
        }
        Path images = runDir.resolve("images");
        FineTuneJob.checkRunFolder(runDir, resume);
        if (resume && Files.isRegularFile(images.resolve(OpenImages.MARKER))) {
            window.note("resuming on the images the run was started with (" + images + "), not the open ones");
            return images;
        }
        feedback.status("NiT Train: converting the open images");
        return OpenImages.write(OpenImages.candidates(), options.classFromTitle(), images, window::warning);
    }
}
