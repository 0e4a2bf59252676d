package io.github.nitfiji.cli;

import io.github.nitfiji.pipeline.EngineSetup;
import io.github.nitfiji.pipeline.GenerationListener;
import io.github.nitfiji.pipeline.GenerationOutcome;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationResult;
import io.github.nitfiji.pipeline.GenerationService;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.PreparedGeneration;
import io.github.nitfiji.pipeline.Setting;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nit generate}: images (or latents) from the command line, through the one generation service. */
@Command(name = "generate", sortOptions = false, usageHelpAutoWidth = false,
        description = "Generate images (or latents) with NiT. Defaults are the same as in Fiji: 256 x 256, "
                + "preset fast, a random seed (printed and recorded).",
        footer = {"", "Every file is written completely or not at all; each image records the command that "
                + "regenerates it (nit.command).",
            "Exit codes: 0 done, 1 failed (bad file, model, memory or I/O), 2 bad command line, 130 cancelled."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    @Option(names = "--model", paramLabel = "ID", order = 1, description = "model id from 'models list' (NiT, "
            + "TiM-C2I or TiM-T2I, with its decoder); default: nit-xl-1000k when installed, else the bundled untrained "
            + "smoke-test model")
    String model;
    @Option(names = "--nit-weights", paramLabel = "FILE", order = 2, description = "NiT checkpoint instead "
            + "(.safetensors; F32, F16 or BF16; official keys)")
    Path nitWeights;
    @Option(names = "--nit-config", paramLabel = "FILE", order = 3, description = "its architecture JSON (official "
            + "constructor arguments); default: the checkpoint's __metadata__.config")
    Path nitConfig;
    @Option(names = "--ae-weights", paramLabel = "FILE", order = 4, description = "DC-AE decoder checkpoint "
            + "(diffusers keys) to go with --nit-weights; without it only latents are made (--save-latent)")
    Path aeWeights;
    @Option(names = "--ae-config", paramLabel = "FILE", order = 5, description = "its diffusers config.json; "
            + "default: the file's __metadata__.config")
    Path aeConfig;

    @Option(names = "--tim-weights", paramLabel = "FILE", order = 6, description = "TiM-C2I checkpoint instead "
            + "(few-step Transition Model; .safetensors, official keys): writes latents (--save-latent); defaults "
            + "1 step, no guidance, guidance interval open (LO < t < HI)")
    Path timWeights;
    @Option(names = "--tim-config", paramLabel = "FILE", order = 7, description = "its architecture JSON (official "
            + "constructor arguments); default: the checkpoint's __metadata__.config")
    Path timConfig;

    @Option(names = "--class", paramLabel = "C[,C...]", split = ",", hideParamSyntax = true, order = 10, description = "ImageNet class "
            + "index per image, 0..999 (1000 = unconditional)")
    int[] classes;
    @Option(names = "--prompt", paramLabel = "TEXT", order = 11, description = "or a text naming a class "
            + "(e.g. \"golden retriever\", \"n02099601\"); for a text model (tim-t2i) the free text itself")
    String prompt;
    @Option(names = "--images", paramLabel = "N", order = 12, description = "images per class (default 1); "
            + "image i uses seed + i")
    Integer images;
    @Option(names = "--width", paramLabel = "W", order = 13, description = "exact output width in pixels, "
            + "32..8192 (default 256; the latent grid covers it and the image is cropped around its centre)")
    Integer width;
    @Option(names = "--height", paramLabel = "H", order = 14, description = "output height, 32..8192 (default 256)")
    Integer height;
    @Option(names = "--latent-size", paramLabel = "HxW", order = 15, description = "or the latent grid, 1..1023 "
            + "per side (32 pixels per latent pixel)")
    String latentSize;
    @Option(names = "--seed", paramLabel = "N", order = 16, description = "seed of the first image, 0 or more "
            + "(default: random, printed and recorded)")
    Long seed;

    @Option(names = "--preset", paramLabel = "quick|fast|paper|best|custom", order = 20, description = "from the "
            + "model's card. fast (default; NiT: ODE 50 steps); paper: the published settings (NiT: for the nearest "
            + "size; TiM: its best); quick (TiM: 1 step) and best (TiM: paper quality); custom: the options below "
            + "(giving any of them without --preset means custom)")
    String preset;
    @Option(names = "--sampler", paramLabel = "ode|heun|sde", order = 21, description = "integrator (default ode)")
    String sampler;
    @Option(names = "--steps", paramLabel = "N", order = 22, description = "number of steps, 1..10000 (default 50)")
    Integer steps;
    @Option(names = "--cfg", paramLabel = "S", order = 23, description = "classifier-free guidance scale, >= 1; "
            + "1 disables it (default 3.0)")
    Double cfg;
    @Option(names = "--guidance-interval", paramLabel = "LO,HI", split = ",", hideParamSyntax = true, order = 24, description = "guide "
            + "only steps whose t lies in [LO, HI], 0 <= LO <= HI <= 1; t = 1 is noise (default 0,0.7)")
    double[] guidanceInterval;
    @Option(names = "--noise", paramLabel = "FILE", order = 25, description = "initial noise instead of the seed: "
            + "tensor 'noise' [B*h*w, C]")
    Path noise;
    @Option(names = "--sde-noise", paramLabel = "FILE", order = 26, description = "SDE per-step noise instead of "
            + "the seed: tensor 'draws' [steps-1, B*h*w, C]; for TiM the stochastic draws [steps, B*h*w, C] (one "
            + "block per step, blocks of steps without the term ignored)")
    Path sdeNoise;
    @Option(names = "--tim-mode", paramLabel = "transition|ddiffusion", order = 27, description = "TiM (--model or "
            + "--tim-weights): jump to the next time (default) or take a velocity step")
    String timMode;
    @Option(names = "--stochasticity", paramLabel = "S", order = 28, description = "TiM: ratio of the stochastic "
            + "term, 0..1 (default 0 = deterministic)")
    Double stochasticity;

    @Option(names = "--init-image", paramLabel = "FILE", order = 27, description = "start from this image "
            + "(PNG, TIFF, JPEG, BMP) instead of noise; the output keeps its size")
    Path initImage;
    @Option(names = "--strength", paramLabel = "S", order = 28, description = "how far from the image, 0..1: 0 "
            + "keeps it, 1 is pure noise (default 0.6, 0.4 with --refine-to); runs ceil(S x steps) steps")
    Double strength;
    @Option(names = "--mask", paramLabel = "FILE", order = 29, description = "regenerate only the mask's white "
            + "pixels (a binary image of the --init-image's size); the rest is kept exactly")
    Path mask;
    @Option(names = "--refine-to", paramLabel = "WxH", order = 29, description = "resample the --init-image to "
            + "W x H pixels (Lanczos) and refine it there")
    String refineTo;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu|gpu:N|mps", order = 30, description = "where to run "
            + "(default auto: the first GPU if any, else CPU)")
    String device;
    @Option(names = "--precision", paramLabel = "auto|fp32|fp16", order = 31, description = "arithmetic "
            + "(default auto: fp16 on GPU, fp32 on CPU)")
    String precision;
    @Option(names = "--attention", paramLabel = "auto|eager|fused", order = 32, description = "attention kernel "
            + "(default auto: fused, eager if it cannot load)")
    String attention;
    @Option(names = "--executor", paramLabel = "auto|eager|script", order = 32, description = "how NiT runs: "
            + "eager DJL ops or one generated TorchScript call per step (default auto: script, eager if it cannot "
            + "load; see Diagnostics)")
    String executor;
    @Option(names = "--memory-budget", paramLabel = "MB", order = 33, description = "refuse requests whose "
            + "estimated peak exceeds this (default: 85%% of RAM)")
    Long memoryBudget;
    @Option(names = "--decode-budget", paramLabel = "MB", order = 34, description = "working memory of one "
            + "decode; larger images decode in tiles (default 70%% of RAM, at most 18 GB)")
    Long decodeBudget;

    @Option(names = "--out", paramLabel = "FILE", order = 40, description = "PNG or TIFF (8-bit RGB); {i} "
            + "(1, 2, ...) or {seed} in the name numbers several images; without them, images get _1, _2 ...")
    String out;
    @Option(names = "--float", order = 41, description = "write a 32-bit float TIFF (R, G, B slices in [0, 1]) "
            + "instead")
    boolean float32;
    @Option(names = "--save-latent", paramLabel = "FILE", order = 42, description = "also write the final latents "
            + "as safetensors, tensor 'latent' [B*h*w, C]")
    String saveLatent;
    @Option(names = "--models-dir", paramLabel = "DIR", order = 43, description = "models folder (default: see "
            + "README, Models)")
    Path modelsDir;

    private final PrintStream stdout;
    private final PrintStream err;

    GenerateCommand(PrintStream stdout, PrintStream err) {
        this.stdout = stdout;
        this.err = err;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (TextToImageCommand.wanted(args)) {
            return TextToImageCommand.run(args, out, err);
        }
        return Picocli.run(new GenerateCommand(out, err), Picocli.after("generate", args), out,
                reason -> err.println("nit: error: " + reason + " (see generate --help)"));
    }

    @Override
    public Integer call() throws Exception {
        if (timWeights != null) {
            return TimGenerateCommand.run(this, stdout, err);
        }
        if (timConfig != null) {
            throw new UsageException("--tim-config goes with --tim-weights");
        }
        if (out == null && saveLatent == null) {
            throw new UsageException("say where results go: --out FILE.png|.tif and/or --save-latent FILE.safetensors");
        }
        Path imageOut = out != null ? OutputFiles.writableTarget(out, "--out") : null;
        if (imageOut != null) {
            ImageFiles.formatOf(imageOut);
        }
        Path latentOut = saveLatent != null ? OutputFiles.writableTarget(saveLatent, "--save-latent") : null;
        GenerationSpec spec = spec(imageOut != null);
        GenerationService service = GenerationService.oneShot(listener(),
                s -> CommandLineFormat.generate(s, out, float32, saveLatent, mask));
        try {
            PreparedGeneration prepared = service.prepare(spec);
            OutputFiles.check(prepared, imageOut, latentOut);
            EngineSetup.cacheNotice().ifPresent(n -> err.println("nit: note: " + n));
            if (prepared.promptClassName() != null) {
                err.println("nit: prompt \"" + prompt + "\" -> class " + prepared.request().classes()[0] + " ("
                        + prepared.promptClassName() + ")");
            }
            GenerationOutcome outcome = service.run(prepared, () -> false);
            GenerationResult result = outcome.result();
            if (result != null) {
                err.printf("nit: sampled in %.1f s, decoded in %.1f s%n", result.samplingSeconds,
                        result.decodingSeconds);
                OutputFiles.writeImages(outcome, imageOut, float32, stdout);
            }
            if (latentOut != null) {
                OutputFiles.writeLatents(latentOut, outcome);
                stdout.println(latentOut);
            }
        } finally {
            service.close();
        }
        return 0;
    }

    /** The options as the one generation spec every front door fills. */
    private GenerationSpec spec(boolean images) throws UsageException {
        GenerationSpec.Builder b = GenerationSpec.builder(Setting.Names.FLAGS).prompt(prompt).classes(classes)
                .seed(seed).preset(preset).model(model).files(nitWeights, nitConfig, aeWeights, aeConfig)
                .modelsDir(modelsDir).memoryBudgetMb(memoryBudget).decodeBudgetMb(decodeBudget)
                .output(float32 ? ImageOutput.FLOAT32 : ImageOutput.RGB).decode(images).noise(noise)
                .sdeNoise(sdeNoise).strength(strength).refineTo(refineTo).timMode(timMode)
                .stochasticity(stochasticity);
        if (initImage != null) {
            try {
                b.source(SourceFiles.read(initImage, mask));
            } catch (java.io.IOException e) {
                throw new UsageException("--init-image " + initImage + ": " + e.getMessage());
            }
        } else if (mask != null) {
            throw new UsageException("--mask goes with --init-image (the image whose white mask pixels are regenerated)");
        }
        if (this.images != null) {
            b.images(this.images);
        }
        if (width != null) {
            b.width(width);
        }
        if (height != null) {
            b.height(height);
        }
        if (latentSize != null) {
            b.latentSize(latentSize);
        }
        if (sampler != null) {
            b.sampler(sampler);
        }
        if (steps != null) {
            b.steps(steps);
        }
        if (cfg != null) {
            b.cfg(cfg);
        }
        if (guidanceInterval != null) {
            if (guidanceInterval.length != 2) {
                throw new UsageException("--guidance-interval must be two numbers LO,HI, e.g. 0,0.7");
            }
            b.guidanceInterval(guidanceInterval[0], guidanceInterval[1]);
        }
        if (device != null) {
            b.device(device);
        }
        if (precision != null) {
            b.precision(precision);
        }
        if (attention != null) {
            b.attention(attention);
        }
        if (executor != null) {
            b.executor(executor);
        }
        return b.build();
    }

    private GenerationListener listener() {
        TextProgress progress = new TextProgress(err, System.console() != null);
        return new GenerationListener() {
            @Override
            public void status(String message) {
                err.println("nit: " + message);
            }

            @Override
            public void samplingStarts(GenerationRequest request) {
                err.println("nit: " + request);
            }

            @Override
            public void note(String message) {
                err.println("nit: " + (message.startsWith("warning: ") ? "" : "note: ") + message);
            }

            @Override
            public String howToInstall(String id) {
                return "java -jar nit-cli.jar models download " + id;
            }

            @Override
            public void sampling(int step, int steps) {
                progress.sampling(step, steps);
            }

            @Override
            public void decoding(int image, int images) {
                progress.decoding(image, images);
            }
        };
    }
}
