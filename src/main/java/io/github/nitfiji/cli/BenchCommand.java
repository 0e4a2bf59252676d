package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.Version;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.pipeline.DeviceChoice;
import io.github.nitfiji.pipeline.MemoryUse;
import io.github.nitfiji.pipeline.Precision;
import io.github.nitfiji.sampling.Sampler;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.SamplingProgress;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * {@code nit bench}: times the NiT-XL architecture (random weights) on this machine. Reports ms
 * per forward (B conditional images), ms per sampling step (CFG: one forward of 2B images plus
 * the update), ms per image for a 50-step run, and peak memory.
 */
final class BenchCommand {
    static final String HELP = String.join("\n",
            "usage: java -jar nit-cli.jar bench [options]",
            "",
            "  --sizes PX[,PX...]        square image sizes in pixels (default 256,512,1024; latent = PX/32)",
            "  --batches B[,B...]        images per request (default 1,2)",
            "  --repeat N                timed repetitions after one warm-up (default 2)",
            "  --depth N                 transformer depth (default 28 as NiT-XL; smaller for a quick look)",
            "  --device auto|cpu|gpu|gpu:N   (default auto)",
            "  --precision auto|fp32|fp16    (default auto)",
            "  --attention eager|fused   attention kernel (default fused, falling back to eager)",
            "  --decode-sizes PX[,PX...] DC-AE f32c32 decode sizes, random weights (default 512,1024; 0 = skip)",
            "  --json FILE               also write the results as JSON",
            "  --help                    this text");

    private static final Set<String> VALUED = Set.of("sizes", "batches", "repeat", "depth", "device", "precision", "attention", "decode-sizes", "json");

    private BenchCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Flags f = Flags.parse("bench", args, 1, VALUED, Set.of("help"));
        if (f.has("help")) {
            out.println(HELP);
            return 0;
        }
        int[] sizes = Arrays.stream(f.numbers("sizes", "256,512,1024")).mapToInt(d -> (int) d).toArray();
        int[] batches = Arrays.stream(f.numbers("batches", "1,2")).mapToInt(d -> (int) d).toArray();
        int repeat = f.integer("repeat", 2);
        int depth = f.integer("depth", 28);
        if (repeat < 1 || depth < 1) {
            throw new UsageException("--repeat and --depth must be at least 1");
        }
        for (int s : sizes) {
            if (s < 32 || s % 32 != 0) {
                throw new UsageException("--sizes must be multiples of 32 pixels, found " + s);
            }
        }
        Device device = DeviceChoice.resolve(f.get("device", "auto"), msg -> err.println("nit: warning: " + msg));
        DataType precision = Precision.parse(f.get("precision", "auto")).dataType(device);
        NitConfig xl = NitConfig.xl();
        NitConfig config = new NitConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, xl.patchSize,
                xl.inChannels, xl.numClasses, xl.qkNorm);

        JsonObject report = new JsonObject();
        report.addProperty("version", Version.get());
        report.addProperty("engine", Engine.getEngine("PyTorch").getEngineName() + " " + Engine.getEngine("PyTorch").getVersion());
        report.addProperty("device", device.toString());
        report.addProperty("precision", Precision.id(precision));
        report.addProperty("depth", depth);
        report.addProperty("processors", Runtime.getRuntime().availableProcessors());
        JsonArray rows = new JsonArray();
        out.printf("NiT-XL shape (depth %d, random weights), %s, %s, %d cores%n", depth, device,
                Precision.id(precision), Runtime.getRuntime().availableProcessors());
        out.println("| size | batch | tokens/image | ms/forward | ms/step (CFG) | s/image (50 steps) | peak heap MB | peak RSS MB |");
        out.println("|---|---|---|---|---|---|---|---|");
        long loadStart = System.nanoTime();
        AttentionKind attention = AttentionKind.valueOf(f.get("attention", "fused").toUpperCase(java.util.Locale.ROOT));
        try (NitTransformer model = NitTransformer.load(config, new RandomWeights(config.expectedShapes(), 42),
                device, precision, attention, msg -> err.println("nit: warning: " + msg))) {
            report.addProperty("attention", model.attention().name().toLowerCase(java.util.Locale.ROOT));
            out.println("attention: " + model.attention());
            report.addProperty("load_s", (System.nanoTime() - loadStart) / 1e9);
            for (int size : sizes) {
                for (int batch : batches) {
                    JsonObject row = measure(model, size, batch, repeat);
                    rows.add(row);
                    out.printf("| %d^2 | %d | %d | %.1f | %.1f | %.2f | %.0f | %.0f |%n", size, batch,
                            (size / 32) * (size / 32), row.get("ms_per_forward").getAsDouble(),
                            row.get("ms_per_step").getAsDouble(), row.get("s_per_image_50_steps").getAsDouble(),
                            row.get("peak_heap_mb").getAsDouble(), row.get("peak_rss_mb").getAsDouble());
                }
            }
        }
        report.add("results", rows);
        int[] decodeSizes = Arrays.stream(f.numbers("decode-sizes", "512,1024")).mapToInt(d -> (int) d)
                .filter(px -> px > 0).toArray();
        if (decodeSizes.length > 0) {
            report.add("decode", DecodeTiming.measure(decodeSizes, device, precision, repeat, out));
        }
        if (f.has("json")) {
            Path json = Paths.get(f.get("json", null));
            Files.write(json, new GsonBuilder().setPrettyPrinting().create().toJson(report).getBytes(StandardCharsets.UTF_8));
        }
        return 0;
    }

    private static JsonObject measure(NitTransformer model, int pixels, int batch, int repeat) {
        LatentSize size = new LatentSize(pixels / 32, pixels / 32);
        List<LatentSize> sizes = Collections.nCopies(batch, size);
        int[] classes = new int[batch];
        Arrays.fill(classes, 207);
        double[] t = new double[batch];
        Arrays.fill(t, 0.5);
        try (NDManager m = model.newManager()) {
            NDArray x = m.randomNormal(new Shape((long) batch * size.tokens(), model.config().inChannels));
            NDArray c = model.conditioning(t, classes, m);
            model.forward(x, sizes, c).close(); // warm-up
            long start = System.nanoTime();
            for (int i = 0; i < repeat; i++) {
                float[] sync = model.forward(x, sizes, c).get(0).toFloatArray(); // reading waits for the device
                if (sync.length == 0) {
                    throw new IllegalStateException("empty output");
                }
            }
            double msForward = (System.nanoTime() - start) / 1e6 / repeat;

            SamplerSettings cfg = new SamplerSettings(SamplerKind.ODE, repeat, 3.0, 0, 1);
            start = System.nanoTime();
            new Sampler(model).sample(sizes, classes, x, null, cfg, SamplingProgress.NONE, () -> false).toFloatArray();
            double msStep = (System.nanoTime() - start) / 1e6 / repeat;

            JsonObject row = new JsonObject();
            row.addProperty("size", pixels);
            row.addProperty("batch", batch);
            row.addProperty("tokens_per_image", size.tokens());
            row.addProperty("ms_per_forward", msForward);
            row.addProperty("ms_per_step", msStep);
            row.addProperty("s_per_image_50_steps", msStep * 50 / 1000 / batch);
            row.addProperty("images_per_s", batch / (msStep * 50 / 1000));
            row.addProperty("peak_heap_mb", MemoryUse.peakHeapBytes() / 1e6);
            row.addProperty("peak_rss_mb", MemoryUse.peakResidentBytes() / 1e6);
            return row;
        }
    }
}
