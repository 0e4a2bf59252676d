package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Version;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.io.TensorInfo;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.nit.AttentionKind;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code generate --tim-weights F}: TiM-C2I latents from explicit files, so anyone can check them
 * against the official code. Defaults are the card's {@code quick} preset (1 step, no guidance).
 * Runs beside the one generation service (which serves NiT) until TiM joins it.
 */
final class TimGenerateCommand {
    private TimGenerateCommand() {
    }

    static int run(GenerateCommand g, PrintStream out, PrintStream err) throws Exception {
        List<String> nitOnly = new ArrayList<>();
        addIf(nitOnly, g.model != null, "--model");
        addIf(nitOnly, g.nitWeights != null, "--nit-weights");
        addIf(nitOnly, g.nitConfig != null, "--nit-config");
        addIf(nitOnly, g.aeWeights != null, "--ae-weights");
        addIf(nitOnly, g.aeConfig != null, "--ae-config");
        addIf(nitOnly, g.out != null, "--out");
        addIf(nitOnly, g.float32, "--float");
        addIf(nitOnly, g.preset != null, "--preset");
        addIf(nitOnly, g.sampler != null, "--sampler");
        addIf(nitOnly, g.width != null || g.height != null, "--width/--height");
        addIf(nitOnly, g.memoryBudget != null, "--memory-budget");
        addIf(nitOnly, g.decodeBudget != null, "--decode-budget");
        addIf(nitOnly, g.modelsDir != null, "--models-dir");
        addIf(nitOnly, g.prompt != null, "--prompt");
        if (!nitOnly.isEmpty()) {
            throw new UsageException(String.join(", ", nitOnly) + " does not go with --tim-weights (TiM writes "
                    + "latents from a class index: use --class and --save-latent; see generate --help)");
        }
        if (g.saveLatent == null) {
            throw new UsageException("say where the latents go: --save-latent FILE.safetensors");
        }
        Path latentOut = OutputFiles.writableTarget(g.saveLatent, "--save-latent");
        if (g.classes == null || g.classes.length == 0) {
            throw new UsageException("give --class C[,C...] (ImageNet indices, 1000 = unconditional)");
        }
        int copies = g.images != null ? g.images : 1;
        if (copies < 1) {
            throw new UsageException("--images must be at least 1, found " + copies);
        }
        int[] classes = new int[g.classes.length * copies];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = g.classes[i / copies];
        }
        for (int c : classes) {
            if (c < 0 || c > GenerationRequest.NULL_CLASS) {
                throw new UsageException("class " + c + " is outside 0.." + GenerationRequest.NULL_CLASS
                        + " (0..999 are the ImageNet classes, " + GenerationRequest.NULL_CLASS + " = unconditional)");
            }
        }
        if (g.latentSize == null) {
            throw new UsageException("give the latent grid with --latent-size HxW (16x16 = 512 x 512 px)");
        }
        LatentSize size = LatentSize.parse(g.latentSize);
        double[] interval = g.guidanceInterval != null ? g.guidanceInterval : new double[] {0, 1};
        if (interval.length != 2) {
            throw new UsageException("--guidance-interval must be two numbers LO,HI, e.g. 0,0.7");
        }
        TransitionSettings settings = new TransitionSettings(g.steps != null ? g.steps : 1,
                g.cfg != null ? g.cfg : 1.0, interval[0], interval[1],
                TransitionMode.parse(g.timMode != null ? g.timMode : "transition"),
                g.stochasticity != null ? g.stochasticity : 0.0);
        long tokens = (long) classes.length * size.tokens();
        float[] noise = g.noise != null ? tensor(g.noise, "--noise", "noise", new long[] {tokens, -1}) : null;
        float[] draws = null;
        if (g.sdeNoise != null) {
            if (settings.stochasticity == 0) {
                throw new UsageException("--sde-noise holds the draws of the stochastic term: give --stochasticity S > 0");
            }
            draws = tensor(g.sdeNoise, "--sde-noise", "draws", new long[] {settings.steps, tokens, -1});
        }
        long seed = g.seed != null ? g.seed : GenerationRequest.randomSeed();
        if (seed < 0) {
            throw new UsageException("--seed must be 0 or more, found " + seed);
        }
        Path weights = existing(g.timWeights, "--tim-weights");
        TimConfig fromFile = g.timConfig != null ? TimConfig.fromFile(existing(g.timConfig, "--tim-config")) : null;
        AttentionKind attention = attention(g.attention);

        Device device = DeviceChoice.resolve(DeviceChoice.check(g.device != null ? g.device : "auto", "--device"),
                msg -> err.println("nit: warning: " + msg));
        DataType precision = Precision.parse(g.precision != null ? g.precision : "auto").dataType(device);
        TimTransformer model;
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            TimConfig config = fromFile != null ? fromFile : TimConfig.fromWeights(file);
            err.println("nit: loading TiM-C2I " + weights.getFileName() + " on " + device + " ("
                    + Precision.id(precision) + ")");
            model = TimTransformer.load(config, new SafetensorsWeights(file), device, precision, attention,
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

    private static void addIf(List<String> list, boolean present, String flag) {
        if (present) {
            list.add(flag);
        }
    }

    private static AttentionKind attention(String text) throws UsageException {
        switch (text == null ? "auto" : text.toLowerCase(Locale.ROOT)) {
            case "auto":
            case "fused":
                return AttentionKind.FUSED;
            case "eager":
                return AttentionKind.EAGER;
            default:
                throw new UsageException("--attention must be auto, eager or fused, found '" + text + "'");
        }
    }

    private static Path existing(Path p, String flag) throws UsageException {
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new UsageException(flag + " " + p + ": no such readable file");
        }
        return p;
    }

    /** The tensor {@code name} (or the file's only tensor), its shape checked first (-1 = any length). */
    private static float[] tensor(Path file, String flag, String name, long[] expected)
            throws IOException, UsageException {
        try (SafetensorsFile f = SafetensorsFile.open(existing(file, flag))) {
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
