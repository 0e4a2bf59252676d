package io.github.nitfiji.cli;

import io.github.nitfiji.io.UserText;
import io.github.nitfiji.pipeline.GenerationListener;
import io.github.nitfiji.pipeline.GenerationOutcome;
import io.github.nitfiji.pipeline.GenerationResult;
import io.github.nitfiji.pipeline.GenerationService;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.PreparedGeneration;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingType;
import io.github.nitfiji.pipeline.SpecBuilder;
import io.github.nitfiji.runtime.EngineSetup;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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
    String nitWeights;
    @Option(names = "--nit-config", paramLabel = "FILE", order = 3, description = "its architecture JSON (official "
            + "constructor arguments); default: the checkpoint's __metadata__.config")
    String nitConfig;
    @Option(names = "--ae-weights", paramLabel = "FILE", order = 4, description = "DC-AE decoder checkpoint "
            + "(diffusers keys) to go with --nit-weights; without it only latents are made (--save-latent)")
    String aeWeights;
    @Option(names = "--ae-config", paramLabel = "FILE", order = 5, description = "its diffusers config.json; "
            + "default: the file's __metadata__.config")
    String aeConfig;

    @Option(names = "--decoder", paramLabel = "ID", order = 5, description = "decoder model id instead of the "
            + "one the model's card names (see 'models list')")
    String decoder;

    @Option(names = "--tim-weights", paramLabel = "FILE", order = 6, description = "TiM checkpoint instead: TiM-C2I "
            + "(.safetensors, official keys), or with --text-encoder TiM-T2I (the released t2i_model.bin, read "
            + "without Python, or .safetensors); with --ae-weights it makes images, else latents (--save-latent)")
    String timWeights;
    @Option(names = "--tim-config", paramLabel = "FILE", order = 7, description = "its architecture JSON (official "
            + "constructor arguments); default: the checkpoint's __metadata__.config (TiM-T2I: else the released XL)")
    String timConfig;
    @Option(names = "--text-encoder", paramLabel = "FILE", order = 8, description = "with --tim-weights: Gemma-3 text "
            + "model weights (model.safetensors of google/gemma-3-1b-it; BF16 is widened in Java)")
    String textEncoder;
    @Option(names = "--text-encoder-config", paramLabel = "FILE", order = 8, description = "its config.json; "
            + "default: __metadata__.config, else config.json beside the weights")
    String textEncoderConfig;
    @Option(names = "--tokenizer", paramLabel = "FILE", order = 8, description = "Gemma's tokenizer.json (with "
            + "--text-encoder)")
    String tokenizer;
    @Option(names = "--unicode-escape", negatable = true, order = 9, description = "text models: escape non-ASCII "
            + "characters as TiM's training captions were (default on; --no-unicode-escape sends them as they are)")
    Boolean unicodeEscape;

    @Option(names = "--class", paramLabel = "C[,C...]", order = 10, description = "ImageNet class "
            + "index per image, 0..999 (1000 = unconditional)")
    String classes;
    @Option(names = "--prompt", paramLabel = "TEXT", order = 11, description = "or a text naming a class "
            + "(e.g. \"golden retriever\", \"n02099601\"); for a text model (tim-t2i) the free text itself; "
            + "repeat for several (a text model's prompts form one batch, padded to the longest)")
    List<String> prompt;
    @Option(names = "--images", paramLabel = "N", order = 12, description = "images per class (default 1); "
            + "image i uses seed + i")
    String images;
    @Option(names = "--width", paramLabel = "W", order = 13, description = "exact output width in pixels, "
            + "32..8192 (default 256; the latent grid covers it and the image is cropped around its centre)")
    String width;
    @Option(names = "--height", paramLabel = "H", order = 14, description = "output height, 32..8192 (default 256)")
    String height;
    @Option(names = "--latent-size", paramLabel = "HxW", order = 15, description = "or the latent grid, 1..1023 "
            + "per side (32 pixels per latent pixel)")
    String latentSize;
    @Option(names = "--seed", paramLabel = "N", order = 16, description = "seed of the first image, 0 or more "
            + "(default: random, printed and recorded)")
    String seed;

    @Option(names = "--preset", paramLabel = "quick|fast|balanced|paper|best|custom", order = 20, description = "from the "
            + "model's card. fast (default; NiT: ODE 50 steps); paper: the published settings (NiT: for the nearest "
            + "size; TiM: its best); quick (TiM: 1 step), balanced (TiM-T2I: 8 steps) and best (TiM: paper "
            + "quality); custom: the options below "
            + "(giving any of them without --preset means custom)")
    String preset;
    @Option(names = "--sampler", paramLabel = "ode|heun|sde", order = 21, description = "integrator (default: the model's fast preset's, ode)")
    String sampler;
    @Option(names = "--steps", paramLabel = "N", order = 22, description = "number of steps, 1..10000 (default: the model's fast preset's)")
    String steps;
    @Option(names = "--cfg", paramLabel = "S", order = 23, description = "classifier-free guidance scale, >= 1; "
            + "1 disables it (default: the model's fast preset's)")
    String cfg;
    @Option(names = "--guidance-interval", paramLabel = "LO,HI", order = 24, description = "guide only steps "
            + "whose t lies in [LO, HI], 0 <= LO <= HI <= 1; t = 1 is noise (default: the preset fast's)")
    String guidanceInterval;
    @Option(names = "--guidance-low", paramLabel = "LO", hidden = true, description = "the interval's low end alone")
    String guidanceLow;
    @Option(names = "--guidance-high", paramLabel = "HI", hidden = true, description = "the interval's high end alone")
    String guidanceHigh;
    @Option(names = "--noise", paramLabel = "FILE", order = 25, description = "initial noise instead of the seed: "
            + "tensor 'noise' [B*h*w, C]")
    String noise;
    @Option(names = "--sde-noise", paramLabel = "FILE", order = 26, description = "SDE per-step noise instead of "
            + "the seed: tensor 'draws' [steps-1, B*h*w, C]; for TiM the stochastic draws [steps, B*h*w, C] (one "
            + "block per step, blocks of steps without the term ignored)")
    String sdeNoise;
    @Option(names = "--tim-mode", paramLabel = "transition|ddiffusion", order = 27, description = "TiM (--model or "
            + "--tim-weights): jump to the next time (default) or take a velocity step")
    String timMode;
    @Option(names = "--stochasticity", paramLabel = "S", order = 28, description = "TiM: ratio of the stochastic "
            + "term, 0..1 (default 0 = deterministic)")
    String stochasticity;

    @Option(names = "--init-image", paramLabel = "FILE", order = 27, description = "start from this image "
            + "(PNG, TIFF, JPEG, BMP) instead of noise; the output keeps its size")
    String initImage;
    @Option(names = "--strength", paramLabel = "S", order = 28, description = "how far from the image, 0..1: 0 "
            + "keeps it, 1 is pure noise (default 0.6, 0.4 with --refine-to); runs ceil(S x steps) steps")
    String strength;
    @Option(names = "--mask", paramLabel = "FILE", order = 29, description = "regenerate only the mask's white "
            + "pixels (a binary image of the --init-image's size); the rest is kept exactly")
    String mask;
    @Option(names = "--refine-to", paramLabel = "WxH", order = 29, description = "resample the --init-image to "
            + "W x H pixels (Lanczos) and refine it there")
    String refineTo;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu|gpu:N|mps", order = 30, description = "where to run "
            + "(default auto: the first GPU if any, else CPU)")
    String device;
    @Option(names = "--precision", paramLabel = "auto|fp32|fp16|bf16", order = 31, description = "arithmetic "
            + "(default auto: fp16 on a CUDA GPU; fp32 on Apple's GPU; on the CPU fp32, with bfloat16 decoder "
            + "convolutions where the CPU has AMX; bf16 asks for the latter)")
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
    String memoryBudget;
    @Option(names = "--decode-budget", paramLabel = "MB", order = 34, description = "working memory of one "
            + "decode; larger images decode in tiles (default 70%% of RAM, at most 18 GB)")
    String decodeBudget;

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
            + "docs/models.md)")
    String modelsDir;

    private final PrintStream stdout;
    private final PrintStream err;

    GenerateCommand(PrintStream stdout, PrintStream err) {
        this.stdout = stdout;
        this.err = err;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return Picocli.run(new GenerateCommand(out, err), Picocli.after("generate", args), out,
                reason -> err.println("nit: error: " + reason + " (see generate --help)"));
    }

    @Override
    public Integer call() throws Exception {
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
                s -> CommandLineFormat.generate(s, out, saveLatent, path(mask, Setting.MASK), path(initImage,
                        Setting.SOURCE)));
        try {
            PreparedGeneration prepared = service.prepare(spec);
            OutputFiles.check(prepared, imageOut, latentOut);
            EngineSetup.cacheNotice().ifPresent(n -> err.println("nit: note: " + n));
            if (prepared.promptClassName() != null) {
                err.println("nit: prompt \"" + UserText.shown(prompt.get(0)) + "\" -> class "
                        + prepared.request().classes()[0] + " (" + prepared.promptClassName() + ")");
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

    /** The options as the one generation spec every front door fills (each flag through its setting's parser). */
    private GenerationSpec spec(boolean images) throws UsageException {
        SpecBuilder b = GenerationSpec.builder(CliFlags.NAMES).prompts(prompt).decode(images);
        String[][] given = {
            {"class", classes}, {"images", this.images}, {"width", width}, {"height", height},
            {"latent_size", latentSize}, {"seed", seed}, {"preset", preset}, {"sampler", sampler}, {"steps", steps},
            {"cfg", cfg}, {"tim_mode", timMode}, {"stochasticity", stochasticity}, {"model", model},
            {"decoder", decoder}, {"nit_weights", nitWeights}, {"nit_config", nitConfig}, {"tim_weights", timWeights},
            {"tim_config", timConfig}, {"text_encoder", textEncoder}, {"text_encoder_config", textEncoderConfig},
            {"tokenizer", tokenizer}, {"ae_weights", aeWeights}, {"ae_config", aeConfig}, {"models_dir", modelsDir},
            {"device", device}, {"precision", precision}, {"attention", attention}, {"executor", executor},
            {"memory_budget", memoryBudget}, {"decode_budget", decodeBudget}, {"noise", noise},
            {"sde_noise", sdeNoise}, {"strength", strength}, {"refine_to", refineTo}, {"guidance_low", guidanceLow},
            {"guidance_high", guidanceHigh},
        };
        for (String[] setting : given) {
            if (setting[1] != null) {
                b.set(Setting.ofKey(setting[0]), setting[1]);
            }
        }
        if (unicodeEscape != null) {
            b.set(Setting.UNICODE_ESCAPE, unicodeEscape.toString());
        }
        if (float32) {
            b.output(ImageOutput.FLOAT32);
        }
        if (guidanceInterval != null) {
            String[] ends = guidanceInterval.split(",");
            if (ends.length != 2) {
                throw new UsageException("--guidance-interval must be two numbers LO,HI, e.g. 0,0.7");
            }
            b.set(Setting.GUIDANCE_LOW, ends[0]).set(Setting.GUIDANCE_HIGH, ends[1]);
        }
        if (initImage != null) {
            try {
                b.source(SourceFiles.read(path(initImage, Setting.SOURCE), mask == null ? null
                        : path(mask, Setting.MASK)));
            } catch (java.io.IOException e) {
                throw new UsageException("--init-image " + initImage + ": " + e.getMessage());
            }
        } else if (mask != null) {
            throw new UsageException("--mask goes with --init-image (the image whose white mask pixels are regenerated)");
        }
        return b.build();
    }

    /** A path flag through the path parser (clear messages for names this system cannot hold). */
    private static Path path(String text, Setting setting) {
        return text == null ? null : SettingType.file().parse(text, CliFlags.flag(setting));
    }

    private GenerationListener listener() {
        return new CliListener(err, "java -jar nit-cli.jar models download ");
    }
}
