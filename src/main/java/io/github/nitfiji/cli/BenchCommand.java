package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Version;
import io.github.nitfiji.bench.DecodeTiming;
import io.github.nitfiji.bench.ImageToImageBenchTable;
import io.github.nitfiji.bench.NitTiming;
import io.github.nitfiji.bench.TextToImageBenchTable;
import io.github.nitfiji.bench.TimBench;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.nit.GroupForward;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.model.script.ScriptedNitForward;
import io.github.nitfiji.runtime.CpuThreads;
import io.github.nitfiji.runtime.DeviceChoice;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.Precision;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nit bench}: times the NiT-XL architecture (random weights) on this machine and prints
 * the timings of {@link NitTiming} and {@link DecodeTiming} as Markdown tables (and JSON).
 */
@Command(name = "bench", sortOptions = false, description = "Time NiT-XL-shaped forwards and sampling steps, "
        + "and DC-AE decodes, on this machine (random weights); with --tim, TiM-C2I images in a few steps.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;
    @Option(names = "--sizes", paramLabel = "PX[,PX...]", split = ",", hideParamSyntax = true, description = "square image sizes in pixels "
            + "(default 256,512,1024, with --tim 512; latent = PX/32)")
    int[] sizes;
    @Option(names = "--batches", paramLabel = "B[,B...]", split = ",", hideParamSyntax = true, description = "images per request "
            + "(default 1,2)")
    int[] batches = {1, 2};
    @Option(names = "--repeat", paramLabel = "N", description = "timed repetitions after one warm-up (default 2)")
    int repeat = 2;
    @Option(names = "--depth", paramLabel = "N", description = "transformer depth (default 28 as NiT-XL; smaller "
            + "for a quick look)")
    int depth = 28;
    @Option(names = "--device", paramLabel = "auto|cpu|gpu|gpu:N|mps", description = "(default auto)")
    String device = "auto";
    @Option(names = "--precision", paramLabel = "auto|fp32|fp16|bf16", description = "(default auto)")
    String precision = "auto";
    @Option(names = "--attention", paramLabel = "eager|fused", description = "attention kernel of the eager executor "
            + "(default fused, falling back to eager)")
    String attention = "fused";
    @Option(names = "--executors", paramLabel = "E[,E...]", split = ",", hideParamSyntax = true, description = "eager "
            + "and/or script, measured side by side, alternating per size and batch (default eager,script)")
    String[] executors = {"eager", "script"};
    @Option(names = "--decode-sizes", paramLabel = "PX[,PX...]", split = ",", hideParamSyntax = true, description = "DC-AE f32c32 decode "
            + "sizes, random weights (default 512,1024; 0 = skip)")
    int[] decodeSizes = {512, 1024};
    @Option(names = "--img2img-sizes", paramLabel = "PX[,PX...]", split = ",", hideParamSyntax = true,
            description = "image-to-image sizes: encode and decode, ms per CFG sampling step, and the total "
                    + "composed for strength 0.6 (30 of 50 steps); random weights (default 0 = skip)")
    int[] img2imgSizes = {0};
    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
    Path json;
    @Option(names = "--tim", description = "time TiM-C2I-512 instead (one image): ms per step and s per image "
            + "including the DC-AE decode, without and with guidance, and the decode per decoder stage "
            + "(--decode-sizes 0 skips the decode)")
    boolean tim;
    @Option(names = "--tim-steps", paramLabel = "N[,N...]", split = ",", hideParamSyntax = true,
            description = "TiM step counts (default 1,2,4,8)")
    int[] timSteps = {1, 2, 4, 8};
    @Option(names = "--decoders", paramLabel = "ID[,ID...]", split = ",", hideParamSyntax = true,
            description = "with --tim: decoders to time, e.g. dc-ae-f32c32-sana-1.1,dc-ae-lite-f32c32-sana-1.1 "
                    + "(default the full DC-AE)")
    String[] decoders = {DecodeTiming.DECODER};
    @Option(names = "--precisions", paramLabel = "P[,P...]", split = ",", hideParamSyntax = true,
            description = "with --tim: precisions to time side by side, e.g. fp32,auto (default --precision)")
    String[] precisions;
    @Option(names = "--text-to-image", description = "time TiM-T2I with Gemma-3-1B instead (random weights, about "
            + "8 GB in fp32): text encoding, caption keys/values, whole runs per --t2i-steps, at --sizes")
    boolean textToImage;
    @Option(names = "--t2i-steps", paramLabel = "N[,N...]", split = ",", hideParamSyntax = true,
            description = "TiM-T2I step counts (default 1,4,8)")
    int[] t2iSteps = {1, 4, 8};
    @Option(names = "--prompt-tokens", paramLabel = "N", description = "prompt length incl. <bos> (default 32)")
    int promptTokens = 32;

    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return Picocli.run(new BenchCommand(out, err), Picocli.after("bench", args), out,
                reason -> err.println("nit: error: " + reason + " (see bench --help)"));
    }

    @Override
    public Integer call() throws Exception {
        if (repeat < 1 || depth < 1) {
            throw new UsageException("--repeat and --depth must be at least 1");
        }
        atLeastOne("--batches", batches);
        atLeastOne("--tim-steps", timSteps);
        atLeastOne("--t2i-steps", t2iSteps);
        if (promptTokens < 1) {
            throw new UsageException("--prompt-tokens must be at least 1, found " + promptTokens);
        }
        for (int px : decodeSizes) {
            if (px != 0 && (px < 32 || px % 32 != 0)) {
                throw new UsageException("--decode-sizes must be multiples of 32 pixels (or 0 to skip), found " + px);
            }
        }
        for (int px : img2imgSizes) {
            if (px != 0 && (px < 32 || px % 32 != 0)) {
                throw new UsageException("--img2img-sizes must be multiples of 32 pixels (or 0 to skip), found " + px);
            }
        }
        ReportFile.check(json);
        if (sizes == null) {
            sizes = tim ? new int[] {512} : new int[] {256, 512, 1024};
        }
        for (int s : sizes) {
            if (s < 32 || s % 32 != 0) {
                throw new UsageException("--sizes must be multiples of 32 pixels, found " + s);
            }
        }
        if (!attention.matches("(?i)eager|fused")) {
            throw new UsageException("--attention must be eager or fused, found '" + attention + "'");
        }
        List<Executor> compared = executorList();
        Device dev = DeviceChoice.resolve(DeviceChoice.check(device, "--device"),
                msg -> err.println("nit: warning: " + msg));
        DataType type = Precision.parse(precision).dataType(dev);
        if (tim) {
            TimBench.Plan plan = new TimBench.Plan();
            plan.sizes = sizes;
            plan.stepCounts = timSteps;
            plan.depth = depth;
            plan.repeat = repeat;
            plan.decode = !(decodeSizes.length == 1 && decodeSizes[0] == 0);
            plan.decoders = java.util.Arrays.asList(decoders);
            for (String id : plan.decoders) {
                if (ModelCatalog.bundled().find(id).filter(c -> c.kind().role() == ModelKind.Role.DECODER).isEmpty()) {
                    throw new UsageException("--decoders: '" + id + "' is not a DC-AE model card");
                }
            }
            plan.precisions = new java.util.ArrayList<>();
            for (String p : precisions != null ? precisions : new String[] {precision}) {
                plan.precisions.add(Precision.parse(p));
            }
            JsonObject report = TimBench.run(plan, dev, AttentionKind.valueOf(attention.toUpperCase(Locale.ROOT)),
                    out, err);
            report.addProperty("version", Version.get());
            return ReportFile.write(json, report, out, err) ? 0 : 1;
        }
        if (textToImage) {
            TextToImageBenchTable.print(sizes, t2iSteps, promptTokens, depth, dev, type,
                    AttentionKind.valueOf(attention.toUpperCase(Locale.ROOT)), out, err);
            return 0;
        }
        NitConfig xl = NitConfig.xl();
        NitConfig config = new NitConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, xl.patchSize,
                xl.inChannels, xl.numClasses, xl.qkNorm);

        JsonObject report = new JsonObject();
        report.addProperty("version", Version.get());
        report.addProperty("engine", Engine.getEngine("PyTorch").getEngineName() + " "
                + Engine.getEngine("PyTorch").getVersion());
        report.addProperty("device", dev.toString());
        report.addProperty("precision", Precision.id(type));
        report.addProperty("depth", depth);
        report.addProperty("processors", Runtime.getRuntime().availableProcessors());
        // thread counts and OpenMP waiting move CPU timings, so they travel with them
        report.addProperty("threads", CpuThreads.describe());
        out.printf("NiT-XL shape (depth %d, random weights), %s, %s, %d cores%n", depth, dev, Precision.id(type),
                Runtime.getRuntime().availableProcessors());
        out.println("threads: " + CpuThreads.describe());
        out.println("| size | batch | executor | tokens/image | ms/forward | ms/step (CFG) | s/image (50 steps) "
                + "| peak heap MB | peak RSS MB |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        long loadStart = System.nanoTime();
        JsonArray rows = new JsonArray();
        try (NitTransformer model = NitTransformer.load(config, new RandomWeights(config.expectedShapes(), 42),
                dev, type, AttentionKind.valueOf(attention.toUpperCase(Locale.ROOT)),
                msg -> err.println("nit: warning: " + msg))) {
            report.addProperty("attention", model.attention().name().toLowerCase(Locale.ROOT));
            out.println("attention: " + model.attention());
            report.addProperty("load_s", (System.nanoTime() - loadStart) / 1e9);
            // one scripted module for the whole run, swapped in and out (its warm-up stays valid)
            GroupForward script = compared.contains(Executor.SCRIPT)
                    && ScriptedNitForward.install(model, msg -> err.println("nit: warning: " + msg))
                    ? model.takeGroupForward() : null;
            try (GroupForward owned = script) {
                for (int size : sizes) {
                    for (int batch : batches) {
                        // executors alternate within each size and batch, so a load change hits both alike
                        for (Executor executor : compared) {
                            if (executor == Executor.SCRIPT && script == null) {
                                continue;
                            }
                            model.useGroupForward(executor == Executor.SCRIPT ? script : null,
                                    msg -> err.println("nit: warning: " + msg));
                            NitTiming t = NitTiming.measure(model, size, batch, repeat);
                            model.takeGroupForward();
                            JsonObject row = json(t);
                            row.addProperty("executor", executor.id());
                            rows.add(row);
                            out.printf(Locale.ROOT, "| %d^2 | %d | %s | %d | %.1f | %.1f | %.2f | %.0f | %.0f |%n", size,
                                    batch, executor.id(), t.tokensPerImage, t.msPerForward, t.msPerStep,
                                    t.secondsPerImage50Steps(), t.peakHeapMb, t.peakResidentMb);
                        }
                    }
                }
            }
        }
        report.add("results", rows);
        int[] decodes = Arrays.stream(decodeSizes).filter(px -> px > 0).toArray();
        if (decodes.length > 0) {
            report.add("decode", decodeTable(decodes, dev, type));
        }
        int[] img2img = Arrays.stream(img2imgSizes).filter(px -> px > 0).toArray();
        if (img2img.length > 0) {
            report.add("img2img", img2imgTable(img2img, config, dev, type));
        }
        return ReportFile.write(json, report, out, err) ? 0 : 1;
    }

    private static void atLeastOne(String option, int[] values) throws UsageException {
        for (int v : values) {
            if (v < 1) {
                throw new UsageException(option + " must be whole numbers of at least 1, found " + v);
            }
        }
    }

    private List<Executor> executorList() throws UsageException {
        List<Executor> list = new ArrayList<>();
        for (String id : executors) {
            Executor e;
            try {
                e = Executor.parse(id);
            } catch (IllegalArgumentException ex) {
                throw new UsageException("--executors: " + ex.getMessage());
            }
            if (e == Executor.AUTO) {
                throw new UsageException("--executors lists eager and/or script, not auto");
            }
            list.add(e);
        }
        return list;
    }

    private JsonArray decodeTable(int[] decodes, Device dev, DataType type) throws Exception {
        out.println();
        out.println("DC-AE " + DecodeTiming.DECODER + " decode (random weights), " + dev + ", " + type);
        out.println("| size | ms/decode (best) | ms per megapixel | peak RSS MB |");
        out.println("|---|---|---|---|");
        JsonArray rows = new JsonArray();
        for (DecodeTiming d : DecodeTiming.measure(decodes, dev, type, repeat)) {
            JsonObject row = new JsonObject();
            row.addProperty("size", d.pixels);
            row.addProperty("ms_per_decode", d.msPerDecode);
            row.addProperty("ms_per_megapixel", d.msPerMegapixel());
            row.addProperty("peak_rss_mb", d.peakResidentMb);
            rows.add(row);
            out.printf(Locale.ROOT, "| %d^2 | %.0f | %.0f | %.0f |%n", d.pixels, d.msPerDecode, d.msPerMegapixel(),
                    d.peakResidentMb);
        }
        return rows;
    }

    private JsonArray img2imgTable(int[] px, NitConfig config, Device dev, DataType type) throws Exception {
        return ImageToImageBenchTable.print(px, config, dev, type,
                AttentionKind.valueOf(attention.toUpperCase(Locale.ROOT)), out, err);
    }

    private static JsonObject json(NitTiming t) {
        JsonObject row = new JsonObject();
        row.addProperty("size", t.pixels);
        row.addProperty("batch", t.batch);
        row.addProperty("tokens_per_image", t.tokensPerImage);
        row.addProperty("ms_per_forward", t.msPerForward);
        row.addProperty("ms_per_step", t.msPerStep);
        row.addProperty("s_per_image_50_steps", t.secondsPerImage50Steps());
        row.addProperty("images_per_s", t.batch / (t.msPerStep * 50 / 1000));
        row.addProperty("peak_heap_mb", t.peakHeapMb);
        row.addProperty("peak_rss_mb", t.peakResidentMb);
        return row;
    }
}
