package io.github.nitfiji.fiji.scijava;

import ij.ImagePlus;
import io.github.nitfiji.fiji.ErrorMessages;
import io.github.nitfiji.fiji.GenerateJob;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.fiji.JobFeedback;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * "NiT Generate" as a SciJava command, for Fiji scripts: the parameters are the macro keys of
 * "NiT Generate..." (snake_case), the result is the same stack with the same provenance. Its
 * menu label differs from the ImageJ 1 command's, because Fiji would otherwise hide that one.
 */
@Plugin(type = Command.class, menuPath = "Plugins>NiT>NiT Generate (SciJava)", headless = true,
        label = "NiT Generate (SciJava)")
public class NitGenerateCommand extends StoppableCommand {
    @Parameter(label = "Prompt", description = "ImageNet class name, index 0-999 or WordNet id")
    private String prompt = "golden retriever";

    @Parameter(label = "Width (px)", min = "32", max = "8192")
    private int width = 256;

    @Parameter(label = "Height (px)", min = "32", max = "8192")
    private int height = 256;

    @Parameter(label = "Images", min = "1", max = "256")
    private int images = 1;

    @Parameter(label = "Seed", description = "seed of the first image; -1 = random")
    private long seed = -1;

    @Parameter(label = "Preset", required = false, description = "quick, fast, balanced, paper, best or custom, from "
            + "the model's card (quick and best are TiM presets; paper is the published setting of any model); empty = "
            + "fast, or custom when a sampler setting is given")
    private String preset = "";

    // the sampler's own settings are sent only when given: any of them means preset custom, as in every front door
    @Parameter(label = "Sampler (custom)", required = false, persist = false,
            description = "NiT models: ode, heun or sde; empty = the model's fast preset's")
    private String sampler = "";

    @Parameter(label = "Steps (custom)", required = false, persist = false,
            description = "1..10000; empty = the model's fast preset's")
    private String steps = "";

    @Parameter(label = "CFG (custom)", required = false, persist = false,
            description = ">= 1 (1 = no guidance); empty = the model's fast preset's")
    private String cfg = "";

    @Parameter(label = "Guidance low (custom)", required = false, persist = false,
            description = "0..1; empty = the model's fast preset's")
    private String guidance_low = "";

    @Parameter(label = "Guidance high (custom)", required = false, persist = false,
            description = "0..1; empty = the model's fast preset's")
    private String guidance_high = "";

    // TiM settings and a noise file only for the run that names them: never remembered for the next
    @Parameter(label = "TiM mode (custom)", required = false, persist = false,
            description = "TiM models: transition or ddiffusion; empty = transition")
    private String tim_mode = "";

    @Parameter(label = "Stochasticity (custom)", required = false, persist = false,
            description = "TiM models: 0..1; empty = 0")
    private String stochasticity = "";

    @Parameter(label = "Model", required = false, description = "model id; empty = the default model")
    private String model = "";

    @Parameter(label = "Decoder", required = false, persist = false,
            description = "decoder model id; empty = the one the model's card names")
    private String decoder = "";

    @Parameter(label = "Device", description = "auto, cpu, gpu, gpu:N or mps")
    private String device = "auto";

    @Parameter(label = "Precision", choices = {"auto", "fp32", "fp16", "bf16"})
    private String precision = "auto";

    @Parameter(label = "Executor", choices = {"auto", "eager", "script"})
    private String executor = "auto";

    @Parameter(label = "Output", choices = {"RGB", "32-bit", "source"}, description = "source: the type, range and"
            + " calibration of the image started from (grey sources get their own bit depth back)")
    private String output = "RGB";

    @Parameter(label = "Start from", required = false, description = "title of an open image to start from; "
            + "empty = noise (width and height then come from the image)")
    private String source = "";

    @Parameter(label = "Strength", required = false, persist = false,
            description = "0 keeps the image, 1 = pure noise; empty = 0.6, or 0.4 when refining")
    private String strength = "";

    @Parameter(label = "Slices", choices = {"current", "all"}, description = "the slices of a source stack")
    private String slices = "current";

    @Parameter(label = "Refine to", required = false, description = "WxH to resample the source to; empty = none")
    private String refine_to = "";

    @Parameter(label = "Noise file", required = false, persist = false,
            description = "safetensors with the initial noise (tensor 'noise' [B*h*w, C]) instead of the seed; "
                    + "empty = seeded")
    private String noise = "";

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus image;

    @Parameter
    private StatusService status;

    @Parameter
    private LogService log;

    @Override
    public void run() {
        GenerateOptions.Builder options = GenerateOptions.builder();
        JobFeedback feedback = start(status, message -> log.warn("NiT: " + message));
        try {
            options().forEach(options::set);
            image = new GenerateJob(options.build(), feedback, this::stopRequested).run().image;
        } catch (CancellationException e) {
            cancel("NiT Generate was cancelled; no image was made");
        } catch (Exception e) {
            throw new IllegalArgumentException("NiT Generate: " + ErrorMessages.describe(e), e);
        } finally {
            status.clearStatus();
        }
    }

    /** The parameters as macro keys and text, so they pass through the same parser as a macro. */
    private Map<String, String> options() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("prompt", prompt);
        v.put("width", Integer.toString(width));
        v.put("height", Integer.toString(height));
        v.put("images", Integer.toString(images));
        v.put("seed", Long.toString(seed));
        v.put("preset", preset == null ? "" : preset);
        v.put("sampler", sampler == null ? "" : sampler);
        v.put("steps", steps == null ? "" : steps);
        v.put("cfg", cfg == null ? "" : cfg);
        v.put("guidance_low", guidance_low == null ? "" : guidance_low);
        v.put("guidance_high", guidance_high == null ? "" : guidance_high);
        v.put("tim_mode", tim_mode == null ? "" : tim_mode);
        v.put("stochasticity", stochasticity == null ? "" : stochasticity);
        v.put("model", model == null ? "" : model);
        v.put("decoder", decoder == null ? "" : decoder);
        v.put("device", device);
        v.put("precision", precision);
        v.put("executor", executor);
        v.put("output", output);
        v.put("source", source == null ? "" : source);
        v.put("strength", strength == null ? "" : strength);
        v.put("slices", slices);
        v.put("refine_to", refine_to == null ? "" : refine_to);
        v.put("noise", noise == null ? "" : noise);
        return v;
    }
}
