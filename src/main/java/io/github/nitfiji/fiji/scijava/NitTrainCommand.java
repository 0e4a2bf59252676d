package io.github.nitfiji.fiji.scijava;

import ij.ImagePlus;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.JobFeedback;
import io.github.nitfiji.fiji.train.TrainJob;
import io.github.nitfiji.fiji.train.TrainOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * "NiT Train" as a SciJava command, for Fiji scripts: the parameters are the macro keys of
 * "NiT Train..." (text; empty = the default), the outputs the new model's id, the loss plot and
 * the previews. The fine-tune becomes the model that "NiT Generate" (both commands) starts with.
 */
@Plugin(type = Command.class, menuPath = "Plugins>NiT>NiT Train (SciJava)", headless = true,
        label = "NiT Train (SciJava)")
public class NitTrainCommand extends StoppableCommand {
    @Parameter(label = "Images", choices = {"folder", "open"}, description = "a folder of class folders, or the open"
            + " images (a class per image: its slice label, else its title)")
    private String images = "folder";

    @Parameter(label = "Data", required = false, description = "with images=folder: a folder with one sub-folder"
            + " per class, or a .csv / .json list of (file, class)")
    private String data = "";

    @Parameter(label = "Class from", choices = {"label", "title"}, description = "with images=open: the slice label (else"
            + " the title), or always the title")
    private String class_from = "label";

    @Parameter(label = "Base", required = false, description = "the installed NiT to start from; empty = the first"
            + " installed")
    private String base = "";

    @Parameter(label = "Name", description = "the new model's id (lower-case letters, digits, . _ -)")
    private String name = "";

    // the rest: empty = the train command's default, never remembered for the next run
    @Parameter(label = "Steps", required = false, persist = false, description = "empty = 1000")
    private String steps = "";

    @Parameter(label = "LoRA rank", required = false, persist = false, description = "empty = 16")
    private String rank = "";

    @Parameter(label = "Learning rate", required = false, persist = false, description = "empty = 0.0001")
    private String lr = "";

    @Parameter(label = "Preview every", required = false, persist = false, description = "steps; empty = 10 per"
            + " run, 0 = none")
    private String preview_every = "";

    @Parameter(label = "Device", required = false, description = "cpu, gpu, gpu:N, mps or auto; empty = cpu")
    private String device = "";

    @Parameter(label = "Seed", required = false, persist = false, description = "empty = 0")
    private String seed = "";

    @Parameter(label = "Max size", required = false, persist = false, description = "px; images above its square"
            + " are scaled down; empty = 512")
    private String max_size = "";

    @Parameter(label = "Min size", required = false, persist = false, description = "px; empty = 32")
    private String min_size = "";

    @Parameter(label = "Token budget", required = false, persist = false, description = "tokens per step; empty ="
            + " the most the memory allows")
    private String token_budget = "";

    @Parameter(label = "Memory budget", required = false, persist = false, description = "GB; empty = 85 % of RAM")
    private String memory_budget = "";

    @Parameter(label = "Checkpoint every", required = false, persist = false, description = "steps; empty = 500")
    private String checkpoint_every = "";

    @Parameter(label = "Warm-up", required = false, persist = false, description = "steps; empty = 0")
    private String warmup = "";

    @Parameter(label = "LoRA alpha", required = false, persist = false, description = "empty = the rank")
    private String alpha = "";

    @Parameter(label = "EMA decay", required = false, persist = false, description = "empty = 0.999")
    private String ema = "";

    @Parameter(label = "Full fine-tuning", persist = false)
    private boolean full;

    @Parameter(label = "Flips", persist = false, description = "also train on mirror images")
    private boolean flip;

    @Parameter(label = "Run folder", required = false, persist = false, description = "empty = <models>-training/NAME")
    private String run = "";

    @Parameter(label = "Resume", persist = false, description = "continue the stopped run of this name")
    private boolean resume;

    @Parameter(type = ItemIO.OUTPUT)
    private String model;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus loss_plot;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus previews;

    @Parameter
    private StatusService status;

    @Parameter
    private LogService log;

    @Parameter(required = false)
    private PrefService prefs;

    @Override
    public void run() {
        JobFeedback feedback = start(status, message -> log.info("NiT Train: " + message));
        try {
            TrainOptions.Builder options = TrainOptions.builder();
            options().forEach(options::set);
            TrainJob.Outcome outcome = new TrainJob(options.build(), feedback, this::stopRequested, false).run();
            model = outcome.modelId;
            loss_plot = outcome.lossImage;
            previews = outcome.previews;
            if (loss_plot != null) {
                loss_plot.setProp("nit.command", outcome.options.macroCall());
            }
            if (prefs != null) {
                prefs.put(NitGenerateCommand.class, "model", model); // the generate command's remembered model
            }
        } catch (CancellationException e) {
            cancel("NiT Train was stopped: " + TrainOptions.inFijiWords(e.getMessage()));
        } catch (Exception e) {
            throw new IllegalArgumentException("NiT Train: " + ErrorMessages.describe(e), e);
        } finally {
            status.clearStatus();
        }
    }

    /** The parameters as macro keys and text, so they pass through the same parser as a macro. */
    private Map<String, String> options() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("images", images);
        v.put("data", data);
        v.put("class_from", class_from);
        v.put("base", base);
        v.put("name", name);
        v.put("steps", steps);
        v.put("rank", rank);
        v.put("lr", lr);
        v.put("preview_every", preview_every);
        v.put("device", device);
        v.put("seed", seed);
        v.put("max_size", max_size);
        v.put("min_size", min_size);
        v.put("token_budget", token_budget);
        v.put("memory_budget", memory_budget);
        v.put("checkpoint_every", checkpoint_every);
        v.put("warmup", warmup);
        v.put("alpha", alpha);
        v.put("ema", ema);
        v.put("full", Boolean.toString(full));
        v.put("flip", Boolean.toString(flip));
        v.put("run", run);
        v.put("resume", Boolean.toString(resume));
        v.replaceAll((key, value) -> value == null ? "" : value);
        return v;
    }
}
