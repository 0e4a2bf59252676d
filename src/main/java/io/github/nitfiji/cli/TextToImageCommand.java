package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Version;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.pipeline.Precision;
import io.github.nitfiji.pipeline.Provenance;
import io.github.nitfiji.pipeline.TextToImageFiles;
import io.github.nitfiji.pipeline.TextToImageLatents;
import io.github.nitfiji.sampling.SeededNoise;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nit generate --text-encoder ...}: TiM-T2I latents from text prompts and explicit files
 * (TiM-T2I weights, Gemma-3 weights, Gemma's tokenizer.json). Repeated {@code --prompt} flags
 * form one batch, padded to the longest prompt as the official sampler batches them.
 */
@Command(name = "generate", sortOptions = false, usageHelpAutoWidth = false,
        description = "Text-to-image latents with TiM-T2I and its Gemma-3 text encoder (chosen by --text-encoder).",
        footer = {"", "The latent file is written completely or not at all. Exit codes: 0 done, 1 failed (bad file, "
                + "model, memory or I/O), 2 bad command line, 130 cancelled."})
final class TextToImageCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    @Option(names = "--tim-weights", paramLabel = "FILE", required = true, order = 1, description = "TiM-T2I "
            + "checkpoint: the released t2i_model.bin (read without Python) or .safetensors")
    Path timWeights;
    @Option(names = "--tim-config", paramLabel = "FILE", order = 2, description = "its architecture JSON (official "
            + "constructor arguments); default: __metadata__.config, else the released TiM-T2I")
    Path timConfig;
    @Option(names = "--text-encoder", paramLabel = "FILE", required = true, order = 3, description = "Gemma-3 "
            + "text model weights (model.safetensors of google/gemma-3-1b-it; BF16 is widened in Java)")
    Path textEncoder;
    @Option(names = "--text-encoder-config", paramLabel = "FILE", order = 4, description = "its config.json; "
            + "default: __metadata__.config, else config.json beside the weights")
    Path textEncoderConfig;
    @Option(names = "--tokenizer", paramLabel = "FILE", required = true, order = 5, description = "Gemma's "
            + "tokenizer.json")
    Path tokenizer;

    @Option(names = "--prompt", paramLabel = "TEXT", required = true, order = 10, description = "the text; "
            + "repeat for a batch (at most 255 tokens each; longer prompts are cut, with a note)")
    List<String> prompts;
    @Option(names = "--unicode-escape", negatable = true, defaultValue = "true", fallbackValue = "true",
            order = 11, description = "escape non-ASCII characters as TiM's training captions were "
            + "(default on; --no-unicode-escape sends them as they are)")
    boolean unicodeEscape;
    @Option(names = "--latent-size", paramLabel = "HxW", required = true, order = 12, description = "latent grid "
            + "(32 pixels per latent pixel; TiM-T2I was trained on sides that are multiples of 32 px)")
    String latentSize;
    @Option(names = "--seed", paramLabel = "N", order = 13, description = "seed of the first image (image i uses "
            + "seed + i); default: random, printed")
    Long seed;
    @Option(names = "--noise", paramLabel = "FILE", order = 14, description = "initial noise instead of the "
            + "seed: tensor 'noise' [B*h*w, C]")
    Path noise;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "4", order = 20, description = "steps, 1..10000 "
            + "(default 4; 1, 4, 8 and many-step sampling all work)")
    int steps;
    @Option(names = "--cfg", paramLabel = "S", defaultValue = "2.5", order = 21, description = "guidance scale "
            + "against the empty caption, >= 1 (default 2.5; never applied at t = 1)")
    double cfg;
    @Option(names = "--guidance-interval", paramLabel = "LO,HI", split = ",", hideParamSyntax = true,
            defaultValue = "0,1", order = 22, description = "guide steps with LO < t < HI (default 0,1)")
    double[] guidanceInterval;
    @Option(names = "--tim-mode", paramLabel = "transition|ddiffusion", defaultValue = "transition", order = 23,
            description = "transition (default) or ddiffusion (plain Euler velocity steps)")
    String mode;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu|gpu:N", defaultValue = "auto", order = 30,
            description = "where to run (default auto)")
    String device;
    @Option(names = "--precision", paramLabel = "auto|fp32|fp16", defaultValue = "auto", order = 31,
            description = "weights (fp16 halves both models; Gemma always computes in fp32)")
    String precision;
    @Option(names = "--attention", paramLabel = "eager|fused", defaultValue = "fused", order = 32,
            description = "attention kernel (default fused, eager if it cannot load)")
    String attention;
    @Option(names = "--memory-budget", paramLabel = "MB", order = 33, description = "refuse requests whose "
            + "estimated peak exceeds this (default: 85%% of RAM)")
    Long memoryBudget;

    @Option(names = "--save-latent", paramLabel = "FILE", required = true, order = 40, description = "write the "
            + "final latents as safetensors, tensor 'latent' [B*h*w, C]")
    String saveLatent;

    private final PrintStream stdout;
    private final PrintStream err;

    TextToImageCommand(PrintStream stdout, PrintStream err) {
        this.stdout = stdout;
        this.err = err;
    }

    /** Whether a generate command line asks for text-to-image. */
    static boolean wanted(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--text-encoder") || a.startsWith("--text-encoder="));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return Picocli.run(new TextToImageCommand(out, err), Picocli.after("generate", args), out,
                reason -> err.println("nit: error: " + reason + " (see generate --text-encoder X --help)"));
    }

    @Override
    public Integer call() throws Exception {
        Path target = OutputFiles.writableTarget(saveLatent, "--save-latent");
        LatentSize size = LatentSize.parse(latentSize);
        if (guidanceInterval.length != 2) {
            throw new UsageException("--guidance-interval must be two numbers LO,HI, e.g. 0,1");
        }
        TransitionSettings settings = new TransitionSettings(steps, cfg, guidanceInterval[0], guidanceInterval[1],
                TransitionMode.parse(mode), 0);
        if (!attention.matches("(?i)eager|fused")) {
            throw new UsageException("--attention must be eager or fused, found '" + attention + "'");
        }
        Device where = DeviceChoice.resolve(DeviceChoice.check(device, "--device"),
                message -> err.println("nit: " + message));
        DataType type = Precision.parse(precision).dataType(where);
        AttentionKind kernel = AttentionKind.valueOf(attention.toUpperCase(Locale.ROOT));
        long budget = memoryBudget != null ? memoryBudget << 20 : MemoryPlan.defaultBudget();
        float[] supplied = noise != null ? suppliedNoise() : null;
        if (supplied == null && seed == null) {
            seed = GenerationRequest.randomSeed();
            err.println("nit: seed " + seed);
        }
        TextToImageFiles files = new TextToImageFiles(timWeights, timConfig, textEncoder, textEncoderConfig, tokenizer);
        err.println("nit: TiM-T2I, " + prompts.size() + " prompt(s), latent " + size + ", " + settings);
        long start = System.nanoTime();
        float[] latent = new TextToImageLatents(where, type, kernel, budget, message -> err.println("nit: " + message))
                .generate(files, prompts, unicodeEscape, size, settings, values -> initialNoise(size, values, supplied),
                        new TextProgress(err, System.console() != null)::sampling, () -> false);
        err.printf("nit: text encoding and sampling took %.1f s%n", (System.nanoTime() - start) / 1e9);
        int channels = latent.length / (prompts.size() * size.tokens());
        new SafetensorsWriter()
                .put("latent", new long[] {(long) prompts.size() * size.tokens(), channels}, latent)
                .metadata("generator", "NiT for Fiji " + Version.get())
                .metadata("notice", Provenance.AI_NOTICE)
                .metadata("model", "TiM-T2I " + timWeights.getFileName() + ", text encoder "
                        + textEncoder.getFileName())
                .metadata("prompts", String.join("\n", prompts))
                .metadata("seeds", noise != null ? "supplied noise" : Long.toString(seed))
                .metadata("latent_size", size.toString())
                .metadata("settings", settings.toString())
                .write(target);
        stdout.println(target);
        return 0;
    }

    /** The --noise tensor ('noise', or the file's only tensor), read before anything loads. */
    private float[] suppliedNoise() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(noise)) {
            String name = f.contains("noise") || f.tensors().size() != 1 ? "noise"
                    : f.tensors().keySet().iterator().next();
            return f.readFloats(name);
        }
    }

    /** Supplied noise of the right length, or seed + i per image on the CPU (as for NiT). */
    private float[] initialNoise(LatentSize size, int values, float[] supplied) {
        if (supplied != null) {
            if (supplied.length != values) {
                throw new IllegalArgumentException("--noise " + noise + " holds " + supplied.length + " values; "
                        + prompts.size() + " image(s) of latent " + size + " need " + values + " (tokens x channels)");
            }
            return supplied;
        }
        float[] out = new float[values];
        int perImage = values / prompts.size();
        for (int i = 0; i < prompts.size(); i++) {
            new SeededNoise(seed + i, SeededNoise.INITIAL).fill(out, i * perImage, perImage);
        }
        return out;
    }
}
