package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Version;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.io.TensorInfo;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.pipeline.NitLoader;
import io.github.nitfiji.pipeline.Pipeline;
import io.github.nitfiji.pipeline.Precision;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Set;

/** {@code nit generate}: sample latents (and, with a decoder, images) from the command line. */
final class GenerateCommand {
    static final String HELP = String.join("\n",
            "usage: java -jar nit-cli.jar generate [options]",
            "",
            "Model:",
            "  --nit-weights FILE        NiT checkpoint (.safetensors; F32, F16 or BF16; official key names)",
            "  --nit-config FILE         architecture JSON (official constructor arguments); default: the",
            "                            checkpoint's __metadata__.config",
            "What to generate:",
            "  --class C[,C...]          ImageNet class index per image, 0..999 (1000 = unconditional)",
            "  --latent-size HxW         latent grid, 1..1023 per side (one latent pixel = 32 image pixels)",
            "  --seed N                  seed of the first image; image i uses N+i (default: random, printed)",
            "Sampler:",
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
            "Output:",
            "  --save-latent FILE        write the final latents as safetensors, tensor 'latent' [B*h*w, C]",
            "                            (written completely or not at all)",
            "  --help                    this text",
            "",
            "Exit codes: 0 done, 1 failed (bad file, model or I/O), 2 bad command line, 130 cancelled.");

    private static final Set<String> VALUED = Set.of("nit-weights", "nit-config", "class", "latent-size", "seed",
            "sampler", "steps", "cfg", "guidance-interval", "noise", "sde-noise", "device", "precision", "save-latent");

    private GenerateCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Flags f = Flags.parse("generate", args, 1, VALUED, Set.of("help"));
        if (f.has("help")) {
            out.println(HELP);
            return 0;
        }
        Path weights = existingFile(f.require("nit-weights"), "--nit-weights");
        Path config = f.has("nit-config") ? existingFile(f.get("nit-config", null), "--nit-config") : null;
        Path latentOut = writableTarget(f.require("save-latent"), "--save-latent");
        double[] interval = f.numbers("guidance-interval", "0,0.7");
        if (interval.length != 2) {
            throw new UsageException("--guidance-interval must be two numbers LO,HI, e.g. 0,0.7");
        }
        SamplerSettings sampler = new SamplerSettings(SamplerKind.parse(f.get("sampler", "ode")),
                f.integer("steps", 50), f.number("cfg", 3.0), interval[0], interval[1]);
        int[] classes = classList(f.require("class"));
        LatentSize size = LatentSize.parse(f.require("latent-size"));
        GenerationRequest.Builder builder = GenerationRequest.builder()
                .classes(classes).latentSize(size).sampler(sampler)
                .seed(f.has("seed") ? f.longInteger("seed", -1) : null);
        if (f.has("noise")) {
            builder.noise(TensorArgs.read(existingFile(f.get("noise", null), "--noise"), "noise",
                    new long[] {(long) classes.length * size.tokens(), -1}));
        }
        if (f.has("sde-noise")) {
            builder.sdeDraws(TensorArgs.read(existingFile(f.get("sde-noise", null), "--sde-noise"), "draws",
                    new long[] {sampler.steps - 1L, (long) classes.length * size.tokens(), -1}));
        }
        GenerationRequest request = builder.build();

        Device device = DeviceChoice.resolve(f.get("device", "auto"), msg -> err.println("nit: warning: " + msg));
        DataType precision = Precision.parse(f.get("precision", "auto")).dataType(device);
        NitConfig architecture = config == null ? null : NitConfig.fromFile(config);
        err.println("nit: loading " + weights + " on " + device + " (" + Precision.id(precision) + ")");
        try (Pipeline pipeline = new Pipeline(NitLoader.load(weights, architecture, device, precision))) {
            err.println("nit: " + request);
            long start = System.nanoTime();
            LatentBatch latents = pipeline.sampleLatents(request,
                    (done, total) -> err.print("\rnit: step " + done + "/" + total + (done == total ? "\n" : "")),
                    () -> false);
            err.printf("nit: sampled in %.1f s%n", (System.nanoTime() - start) / 1e9);
            writeLatents(latentOut, latents, request, pipeline, weights, device, precision);
            out.println(latentOut);
        }
        return 0;
    }

    private static void writeLatents(Path target, LatentBatch latents, GenerationRequest request, Pipeline pipeline,
                                     Path weights, Device device, DataType precision) throws IOException {
        SamplerSettings s = request.sampler();
        new SafetensorsWriter()
                .put("latent", new long[] {(long) latents.images() * latents.size.tokens(), latents.channels}, latents.values)
                .metadata("generator", "NiT for Fiji " + Version.get())
                .metadata("nit_weights", weights.getFileName().toString())
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
                throw new UsageException("--class must be comma-separated class indices, e.g. 207,88; found '" + text + "'");
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
