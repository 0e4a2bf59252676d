package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Version;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.tim.TimConfig;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.GenerationProgress;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.pipeline.Precision;
import io.github.nitfiji.pipeline.Provenance;
import io.github.nitfiji.pipeline.TimSampling;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code generate --tim-weights F}: TiM-C2I latents from explicit files, so anyone can check them
 * against the official code. Defaults are the card's {@code quick} preset (1 step, no guidance).
 */
final class TimGenerateCommand {
    static final String HELP = String.join("\n",
            "TiM-C2I (few-step Transition Model) from explicit files:",
            "  --tim-weights FILE        TiM-C2I checkpoint (.safetensors, official keys; projector.* ignored)",
            "  --tim-config FILE         its architecture JSON (official constructor arguments); default: the",
            "                            checkpoint's __metadata__.config",
            "  with --class/--prompt, --images, --latent-size HxW, --seed, --steps (default 1), --cfg (default 1),",
            "  --guidance-interval LO,HI (open interval: guide steps with LO < t < HI; default 0,1),",
            "  --noise FILE, --device, --precision, --attention and --save-latent FILE (required), and:",
            "  --tim-mode transition|ddiffusion  jump to the next time (default) or take a velocity step",
            "  --stochasticity S         ratio of the stochastic term, 0..1 (default 0 = deterministic)",
            "  --sde-noise FILE          its draws instead of the seed: tensor 'draws' [steps, B*h*w, C]",
            "                            (one block per step; blocks of steps without the term are ignored)");

    /** Options of the NiT path that mean nothing here. */
    private static final List<String> NIT_ONLY = List.of("model", "nit-weights", "nit-config", "ae-weights",
            "ae-config", "out", "float", "preset", "sampler", "width", "height", "memory-budget", "decode-budget",
            "models-dir");

    private TimGenerateCommand() {
    }

    static int run(Flags f, PrintStream out, PrintStream err) throws Exception {
        for (String flag : NIT_ONLY) {
            if (f.has(flag)) {
                throw new UsageException("--" + flag + " does not go with --tim-weights (TiM writes latents:"
                        + " use --save-latent; see generate --help)");
            }
        }
        Path latentOut = GenerateCommand.writableTarget(f.require("save-latent"), "--save-latent");
        if (f.has("class") == f.has("prompt")) {
            throw new UsageException("give exactly one of --class and --prompt");
        }
        String prompt = f.get("prompt", null);
        int[] perClass = f.has("class") ? GenerateCommand.classList(f.get("class", null))
                : new int[] {GenerateCommand.promptClass(prompt, err)};
        int copies = f.integer("images", 1);
        if (copies < 1) {
            throw new UsageException("--images must be at least 1, found " + copies);
        }
        int[] classes = new int[perClass.length * copies];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = perClass[i / copies];
        }
        for (int c : classes) {
            if (c < 0 || c > GenerationRequest.NULL_CLASS) {
                throw new UsageException("class " + c + " is outside 0.." + GenerationRequest.NULL_CLASS
                        + " (0..999 are the ImageNet classes, " + GenerationRequest.NULL_CLASS + " = unconditional)");
            }
        }
        LatentSize size = LatentSize.parse(f.require("latent-size"));
        double[] interval = f.numbers("guidance-interval", "0,1");
        if (interval.length != 2) {
            throw new UsageException("--guidance-interval must be two numbers LO,HI, e.g. 0,0.7");
        }
        TransitionSettings settings = new TransitionSettings(f.integer("steps", 1), f.number("cfg", 1.0),
                interval[0], interval[1], TransitionMode.parse(f.get("tim-mode", "transition")),
                f.number("stochasticity", 0.0));
        long tokens = (long) classes.length * size.tokens();
        float[] noise = f.has("noise") ? GenerateCommand.TensorArgs.read(
                GenerateCommand.existingFile(f.get("noise", null), "--noise"), "noise", new long[] {tokens, -1}) : null;
        float[] draws = null;
        if (f.has("sde-noise")) {
            if (settings.stochasticity == 0) {
                throw new UsageException("--sde-noise holds the draws of the stochastic term: give --stochasticity S > 0");
            }
            draws = GenerateCommand.TensorArgs.read(GenerateCommand.existingFile(f.get("sde-noise", null),
                    "--sde-noise"), "draws", new long[] {settings.steps, tokens, -1});
        }
        long seed = f.has("seed") ? f.longInteger("seed", -1) : GenerationRequest.randomSeed();
        if (seed < 0) {
            throw new UsageException("--seed must be 0 or more, found " + seed);
        }
        Path weights = GenerateCommand.existingFile(f.require("tim-weights"), "--tim-weights");
        TimConfig fromFile = f.has("tim-config")
                ? TimConfig.fromFile(GenerateCommand.existingFile(f.get("tim-config", null), "--tim-config")) : null;

        Device device = DeviceChoice.resolve(f.get("device", "auto"), msg -> err.println("nit: warning: " + msg));
        DataType precision = Precision.parse(f.get("precision", "auto")).dataType(device);
        TimTransformer model;
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            TimConfig config = fromFile != null ? fromFile : TimConfig.fromWeights(file);
            err.println("nit: loading TiM-C2I " + weights.getFileName() + " on " + device + " ("
                    + Precision.id(precision) + ")");
            model = TimTransformer.load(config, new SafetensorsWeights(file), device, precision,
                    GenerateCommand.attentionKind(f.get("attention", "auto"), device),
                    msg -> err.println("nit: warning: " + msg));
        }
        try (TimTransformer tim = model) {
            if (!tim.config().isTrainedSize(size)) {
                err.println("nit: note: latent " + size + " is outside the size this TiM was trained at ("
                        + tim.config().trainedLatentSide + "x" + tim.config().trainedLatentSide
                        + "); it runs, but expect weaker images");
            }
            err.println("nit: classes " + Arrays.toString(classes) + ", latent " + size + ", " + settings
                    + (noise != null ? ", supplied noise" : ", seed " + seed));
            GenerationProgress progress = new TextProgress(err, System.console() != null);
            LatentBatch latents = TimSampling.sample(tim, new TimSampling.Inputs(classes, size, seed, noise, draws),
                    settings, progress::sampling, () -> false);
            write(latentOut, latents, settings, weights, tim.config(), device, precision, draws != null);
        }
        out.println(latentOut);
        return 0;
    }

    private static void write(Path target, LatentBatch latents, TransitionSettings s, Path weights, TimConfig config,
                              Device device, DataType precision, boolean suppliedDraws) throws IOException {
        boolean supplied = latents.seeds[0] < 0;
        new SafetensorsWriter()
                .put("latent", new long[] {(long) latents.images() * latents.size.tokens(), latents.channels},
                        latents.values)
                .metadata("generator", "NiT for Fiji " + Version.get())
                .metadata("notice", Provenance.AI_NOTICE)
                .metadata("model", weights.getFileName().toString())
                .metadata("tim_config", config.toJson())
                .metadata("classes", Arrays.toString(latents.classes))
                .metadata("seeds", supplied ? "supplied noise" : Arrays.toString(latents.seeds))
                .metadata("latent_size", latents.size.toString())
                .metadata("trained_size", Boolean.toString(config.isTrainedSize(latents.size)))
                .metadata("sampler", "tim-" + s.mode.id())
                .metadata("steps", Integer.toString(s.steps))
                .metadata("cfg", Double.toString(s.cfgScale))
                .metadata("guidance_interval", "(" + s.guidanceLow + "," + s.guidanceHigh + ")")
                .metadata("stochasticity", Double.toString(s.stochasticity))
                .metadata("stochastic_draws", s.stochasticity == 0 ? "none" : suppliedDraws ? "supplied" : "seeded")
                .metadata("device", device.toString())
                .metadata("precision", Precision.id(precision))
                .write(target);
    }
}
