package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Version;
import io.github.nitfiji.ij.ResultImages;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.io.TensorInfo;
import io.github.nitfiji.labels.ClassMatch;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.ImageNetClasses;
import io.github.nitfiji.labels.UnknownClassException;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationProgress;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationResult;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.pipeline.ModelChoice;
import io.github.nitfiji.pipeline.Pipeline;
import io.github.nitfiji.pipeline.Precision;
import io.github.nitfiji.pipeline.Provenance;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code nit generate}: images (or latents) from the command line. */
final class GenerateCommand {
    static final String HELP = String.join("\n",
            "usage: java -jar nit-cli.jar generate [options]",
            "",
            "Model (default: nit-xl-1000k when installed, else the bundled untrained smoke-test model):",
            "  --model ID                model id from 'models list' (NiT and its decoder)",
            "  --nit-weights FILE        NiT checkpoint instead (.safetensors; F32, F16 or BF16; official keys)",
            "  --nit-config FILE         its architecture JSON (official constructor arguments); default: the",
            "                            checkpoint's __metadata__.config",
            "  --ae-weights FILE         DC-AE decoder checkpoint (diffusers keys) to go with --nit-weights;",
            "                            without it only latents are made (--save-latent)",
            "  --ae-config FILE          its diffusers config.json; default: the file's __metadata__.config",
            "What to generate:",
            "  --class C[,C...]          ImageNet class index per image, 0..999 (1000 = unconditional)",
            "  --prompt TEXT             or a text naming a class (e.g. \"golden retriever\", \"n02099601\")",
            "  --images N                images per class (default 1); image i uses seed + i",
            "  --width W --height H      exact output size in pixels, 32..8192 (the latent grid covers it",
            "                            and the decoded image is cropped around its centre)",
            "  --latent-size HxW         or the latent grid, 1..1023 per side (32 pixels per latent pixel)",
            "  --seed N                  seed of the first image (default: random, printed and recorded)",
            "Sampler:",
            "  --preset fast|paper|custom  fast: ODE 50 steps; paper: the paper's settings for the nearest",
            "                            size; custom (default): the options below",
            "  --sampler ode|heun|sde    integrator (default ode)",
            "  --steps N                 number of steps, >= 1 (default 50)",
            "  --cfg S                   classifier-free guidance scale, >= 1; 1 disables it (default 3.0)",
            "  --guidance-interval LO,HI guide only steps whose t lies in [LO, HI], 0 <= LO <= HI <= 1;",
            "                            t = 1 is noise (default 0,0.7)",
            "  --noise FILE              initial noise instead of the seed: tensor 'noise' [B*h*w, C]",
            "  --sde-noise FILE          SDE per-step noise instead of the seed: tensor 'draws' [steps-1, B*h*w, C]",
            "Execution:",
            "  --device auto|cpu|gpu|gpu:N  where to run (default auto: the first GPU if any, else CPU)",
            "  --precision auto|fp32|fp16   arithmetic (default auto: fp16 on GPU, fp32 on CPU)",
            "  --attention auto|eager|fused attention kernel (default auto: fused, eager if it cannot load)",
            "  --memory-budget MB        refuse requests whose estimated peak exceeds this (default: 85% of RAM)",
            "  --decode-budget MB        working memory of one decode; larger images decode in tiles",
            "                            (default 70% of RAM, at most 18 GB: 2048 x 2048 decodes whole on 24 GB)",
            "Output (at least one of --out and --save-latent):",
            "  --out FILE                PNG or TIFF (8-bit RGB); {i} (1, 2, ...) or {seed} in the name",
            "                            numbers several images; without them, images get _1, _2 ...",
            "  --float                   write a 32-bit float TIFF (R, G, B slices in [0, 1]) instead",
            "  --save-latent FILE        also write the final latents as safetensors, tensor 'latent' [B*h*w, C]",
            "  --models-dir DIR          models folder (default: see README, Models)",
            "  --help                    this text",
            "",
            TimGenerateCommand.HELP,
            "",
            "Every file is written completely or not at all.",
            "Exit codes: 0 done, 1 failed (bad file, model, memory or I/O), 2 bad command line, 130 cancelled.");

    private static final Set<String> VALUED = Set.of("model", "nit-weights", "nit-config", "ae-weights", "ae-config",
            "class", "prompt", "images", "width", "height", "latent-size", "seed", "preset", "sampler", "steps", "cfg",
            "guidance-interval", "noise", "sde-noise", "device", "precision", "attention", "memory-budget",
            "decode-budget", "out", "save-latent", "models-dir", "tim-weights", "tim-config", "tim-mode",
            "stochasticity");
    private static final String[] TIM_ONLY = {"tim-config", "tim-mode", "stochasticity"};
    private static final long MB = 1L << 20;

    private GenerateCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Flags f = Flags.parse("generate", args, 1, VALUED, Set.of("help", "float"));
        if (f.has("help")) {
            out.println(HELP);
            return 0;
        }
        if (f.has("tim-weights")) {
            return TimGenerateCommand.run(f, out, err);
        }
        for (String own : TIM_ONLY) {
            if (f.has(own)) {
                throw new UsageException("--" + own + " goes with --tim-weights");
            }
        }
        if (!f.has("out") && !f.has("save-latent")) {
            throw new UsageException("say where results go: --out FILE.png|.tif and/or --save-latent FILE.safetensors");
        }
        Path imageOut = f.has("out") ? writableTarget(f.get("out", null), "--out") : null;
        if (imageOut != null) {
            ImageFiles.formatOf(imageOut);
        }
        Path latentOut = f.has("save-latent") ? writableTarget(f.get("save-latent", null), "--save-latent") : null;
        if (f.has("model") && f.has("nit-weights")) {
            throw new UsageException("give either --model or --nit-weights, not both");
        }
        if (f.has("class") == f.has("prompt")) {
            throw new UsageException("give exactly one of --class and --prompt");
        }

        String prompt = f.get("prompt", null);
        int[] perClass = f.has("class") ? classList(f.get("class", null)) : new int[] {promptClass(prompt, err)};
        int copies = f.integer("images", 1);
        if (copies < 1) {
            throw new UsageException("--images must be at least 1, found " + copies);
        }
        int[] classes = new int[perClass.length * copies];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = perClass[i / copies];
        }
        GenerationRequest.Builder builder = GenerationRequest.builder().classes(classes);
        if (f.has("latent-size") == (f.has("width") || f.has("height"))) {
            throw new UsageException("give the size as --width W --height H or as --latent-size HxW");
        }
        if (f.has("latent-size")) {
            builder.latentSize(LatentSize.parse(f.get("latent-size", null)));
        } else {
            builder.imageSize(f.integer("width", -1), f.integer("height", -1));
        }
        builder.seed(f.has("seed") ? f.longInteger("seed", -1) : null);
        GenerationRequest sized = builder.sampler(new SamplerSettings(SamplerKind.ODE, 1, 1, 0, 1)).build();
        SamplerSettings sampler = samplerSettings(f, sized.width(), sized.height());
        builder.sampler(sampler);
        long tokens = (long) classes.length * sized.latentSize().tokens();
        if (f.has("noise")) {
            builder.noise(TensorArgs.read(existingFile(f.get("noise", null), "--noise"), "noise",
                    new long[] {tokens, -1}));
        }
        if (f.has("sde-noise")) {
            builder.sdeDraws(TensorArgs.read(existingFile(f.get("sde-noise", null), "--sde-noise"), "draws",
                    new long[] {sampler.steps - 1L, tokens, -1}));
        }
        GenerationRequest request = builder.build();

        ModelStore store = null;
        ModelChoice choice;
        if (f.has("nit-weights")) {
            Path weights = existingFile(f.get("nit-weights", null), "--nit-weights");
            NitConfig nitConfig = f.has("nit-config")
                    ? NitConfig.fromFile(existingFile(f.get("nit-config", null), "--nit-config")) : null;
            Path aeWeights = f.has("ae-weights") ? existingFile(f.get("ae-weights", null), "--ae-weights") : null;
            DcAeConfig aeConfig = f.has("ae-config")
                    ? DcAeConfig.fromFile(existingFile(f.get("ae-config", null), "--ae-config")) : null;
            choice = ModelChoice.files(weights, nitConfig, aeWeights, aeConfig);
        } else {
            if (f.has("nit-config") || f.has("ae-weights") || f.has("ae-config")) {
                throw new UsageException("--nit-config, --ae-weights and --ae-config go with --nit-weights");
            }
            store = f.has("models-dir") ? ModelStore.open(io.github.nitfiji.catalog.ModelsFolder.at(
                    Paths.get(f.get("models-dir", null)), "--models-dir")) : ModelStore.openDefault();
            choice = ModelChoice.byIdOrDefault(store, f.get("model", null), msg -> err.println("nit: note: " + msg));
        }
        if (imageOut != null && choice.aeWeights == null) {
            throw new UsageException("--out needs a decoder: add --ae-weights (or use --model)");
        }

        Device device = DeviceChoice.resolve(f.get("device", "auto"), msg -> err.println("nit: warning: " + msg));
        DataType precision = Precision.parse(f.get("precision", "auto")).dataType(device);
        AttentionKind attention = attentionKind(f.get("attention", "auto"), device);
        long decodeBudget = f.integer("decode-budget", (int) (MemoryPlan.defaultDecodeBudget() / MB)) * MB;
        long memoryBudget = f.has("memory-budget") ? f.integer("memory-budget", 0) * MB : MemoryPlan.defaultBudget();
        err.println("nit: loading " + choice.describe() + " on " + device + " (" + Precision.id(precision) + ")");
        try (Pipeline pipeline = choice.load(device, precision, attention, decodeBudget,
                msg -> err.println("nit: warning: " + msg))) {
            MemoryPlan.check(pipeline, request, memoryBudget);
            err.println("nit: " + request);
            GenerationProgress progress = new TextProgress(err, System.console() != null);
            if (imageOut == null) {
                LatentBatch latents = pipeline.sampleLatents(request, progress::sampling, () -> false);
                writeLatents(latentOut, latents, request, pipeline, choice, device, precision);
                out.println(latentOut);
                return 0;
            }
            GenerationResult result = pipeline.generate(request, progress, () -> false);
            err.printf("nit: sampled in %.1f s, decoded in %.1f s%n", result.samplingSeconds, result.decodingSeconds);
            String sha = weightsSha256(store, choice);
            for (int i = 0; i < result.images.size(); i++) {
                GeneratedImage image = result.images.get(i);
                Path target = numbered(imageOut, i, result.images.size(), image.seed);
                Map<String, String> provenance = Provenance.of(request, image, choice.describe(), sha,
                        choice.decoderId != null ? choice.decoderId : String.valueOf(choice.aeWeights.getFileName()),
                        className(image.classIndex), prompt, device.toString(), Precision.id(precision));
                ImageFiles.write(ResultImages.single(image, f.has("float"), target.getFileName().toString(), provenance),
                        target, provenance);
                out.println(target);
            }
            if (latentOut != null) {
                writeLatents(latentOut, result.latents, request, pipeline, choice, device, precision);
                out.println(latentOut);
            }
        }
        return 0;
    }

    private static SamplerSettings samplerSettings(Flags f, int width, int height) throws UsageException {
        Preset preset = Preset.parse(f.get("preset", "custom"));
        if (preset != Preset.CUSTOM) {
            for (String own : new String[] {"sampler", "steps", "cfg", "guidance-interval"}) {
                if (f.has(own)) {
                    throw new UsageException("--" + own + " goes with --preset custom, not --preset " + preset.id());
                }
            }
            return preset.settingsFor(width, height);
        }
        double[] interval = f.numbers("guidance-interval", "0,0.7");
        if (interval.length != 2) {
            throw new UsageException("--guidance-interval must be two numbers LO,HI, e.g. 0,0.7");
        }
        return new SamplerSettings(SamplerKind.parse(f.get("sampler", "ode")), f.integer("steps", 50),
                f.number("cfg", 3.0), interval[0], interval[1]);
    }

    static AttentionKind attentionKind(String text, Device device) throws UsageException {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "auto": // fused is faster and far leaner at large sizes on CPU too (see README, Performance)
            case "fused":
                return AttentionKind.FUSED;
            case "eager":
                return AttentionKind.EAGER;
            default:
                throw new UsageException("--attention must be auto, eager or fused, found '" + text + "'");
        }
    }

    static int promptClass(String prompt, PrintStream err) throws UsageException {
        try {
            ClassMatch match = ClassMatcher.standard().resolve(prompt);
            err.println("nit: prompt \"" + prompt + "\" -> class " + match.index() + " (" + match.name() + ")");
            return match.index();
        } catch (UnknownClassException e) {
            StringBuilder b = new StringBuilder("no ImageNet class clearly matches \"" + prompt + "\"; closest:");
            for (ClassMatch m : e.suggestions()) {
                b.append(' ').append(m.index()).append(" (").append(m.name()).append("),");
            }
            b.setLength(b.length() - 1);
            throw new UsageException(b + ". Use --class N or a more specific --prompt");
        }
    }

    private static String className(int index) {
        return index >= 0 && index < 1000 ? ImageNetClasses.standard().get(index).name() : "unconditional";
    }

    private static String weightsSha256(ModelStore store, ModelChoice choice) {
        try {
            if (store != null && choice.modelId != null) {
                return store.weightsSha256(choice.modelId).orElse(null);
            }
            return io.github.nitfiji.catalog.Sha256.of(choice.nitWeights, bytes -> { });
        } catch (ModelException | IOException e) {
            return null;
        }
    }

    /** The target for image i: the pattern expanded, or name_i.ext when several images share a plain name. */
    private static Path numbered(Path pattern, int index, int count, long seed) {
        String name = pattern.getFileName().toString();
        if (name.contains("{i}") || name.contains("{seed}")) {
            return ImageFiles.expand(pattern, index + 1, seed);
        }
        if (count == 1) {
            return pattern;
        }
        int dot = name.lastIndexOf('.');
        return pattern.resolveSibling(name.substring(0, dot) + "_" + (index + 1) + name.substring(dot));
    }

    private static void writeLatents(Path target, LatentBatch latents, GenerationRequest request, Pipeline pipeline,
                                     ModelChoice choice, Device device, DataType precision) throws IOException {
        SamplerSettings s = request.sampler();
        new SafetensorsWriter()
                .put("latent", new long[] {(long) latents.images() * latents.size.tokens(), latents.channels}, latents.values)
                .metadata("generator", "NiT for Fiji " + Version.get())
                .metadata("notice", Provenance.AI_NOTICE)
                .metadata("model", choice.describe())
                .metadata("nit_config", pipeline.nit().config().toJson())
                .metadata("classes", Arrays.toString(latents.classes))
                .metadata("seeds", request.suppliedNoise() != null ? "supplied noise" : Arrays.toString(latents.seeds))
                .metadata("latent_size", latents.size.toString())
                .metadata("sampler", s.kind.id())
                .metadata("steps", Integer.toString(s.steps))
                .metadata("cfg", Double.toString(s.cfgScale))
                .metadata("guidance_interval", s.guidanceLow + "," + s.guidanceHigh)
                .metadata("device", device.toString())
                .metadata("precision", Precision.id(precision))
                .write(target);
    }

    static int[] classList(String text) throws UsageException {
        String[] parts = text.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--class must be comma-separated class indices, e.g. 207,88; found '" + text
                        + "' (use --prompt for names)");
            }
        }
        return out;
    }

    static Path existingFile(String text, String flag) throws UsageException {
        Path p = Paths.get(text);
        if (!Files.isRegularFile(p)) {
            throw new UsageException(flag + " " + text + ": no such file");
        }
        if (!Files.isReadable(p)) {
            throw new UsageException(flag + " " + text + ": not readable");
        }
        return p;
    }

    /** Fails before any work when the output could not be written. */
    static Path writableTarget(String text, String flag) throws UsageException {
        Path p = Paths.get(text).toAbsolutePath();
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException(flag + " " + text + ": folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException(flag + " " + text + ": folder " + dir + " is not writable");
        }
        if (Files.isDirectory(p)) {
            throw new UsageException(flag + " " + text + " is a folder; give a file name");
        }
        return p;
    }

    /** Reads a named float tensor from a safetensors file, checking its shape (-1 = any). */
    static final class TensorArgs {
        private TensorArgs() {
        }

        static float[] read(Path file, String name, long[] expected) throws IOException, UsageException {
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                TensorInfo info = f.tensors().get(name);
                if (info == null && f.tensors().size() == 1) {
                    info = f.tensors().values().iterator().next();
                }
                if (info == null) {
                    throw new UsageException(file + ": no tensor '" + name + "' (found " + f.tensors().keySet() + ")");
                }
                long[] shape = info.shape();
                boolean ok = shape.length == expected.length;
                for (int i = 0; ok && i < shape.length; i++) {
                    ok = expected[i] < 0 || shape[i] == expected[i];
                }
                if (!ok) {
                    throw new UsageException(file + ": tensor '" + info.name() + "' has shape " + Arrays.toString(shape)
                            + ", expected " + Arrays.toString(expected).replace("-1", "C"));
                }
                return f.readFloats(info.name());
            }
        }
    }
}
