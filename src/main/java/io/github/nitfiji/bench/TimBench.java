package io.github.nitfiji.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeFlops;
import io.github.nitfiji.model.tim.TimConfig;
import io.github.nitfiji.model.tim.TimFlops;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.runtime.CpuFeatures;
import io.github.nitfiji.runtime.MemoryUse;
import io.github.nitfiji.runtime.Precision;
import io.github.nitfiji.runtime.PrecisionPlan;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SeededNoise;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSampler;
import io.github.nitfiji.sampling.TransitionSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench --tim}: TiM-C2I at its released shape (random weights) for a few step counts, one
 * image, without and with guidance (CFG 3 on (0, 1): every step after the first is guided), for
 * each decoder and precision asked (default: the full DC-AE, the chosen precision), so "seconds
 * per image" includes the decode. The decode is broken down by decoder part with its multiply-adds
 * and GFLOP/s, next to the FLOPs of a TiM step and this CPU's measured peak (the budget with its
 * floor).
 */
public final class TimBench {
    private TimBench() {
    }

    /** What to time: sizes, step counts, depth, repeats, decoders (ids) and precisions. */
    public static final class Plan {
        public int[] sizes;
        public int[] stepCounts;
        public int depth;
        public int repeat;
        public List<String> decoders;
        public List<Precision> precisions;
        public boolean decode;
    }

    public static JsonObject run(Plan plan, Device device, AttentionKind attention, PrintStream out, PrintStream err)
            throws Exception {
        TimConfig xl = TimConfig.xl();
        TimConfig config = new TimConfig(xl.hiddenSize, plan.depth, xl.numHeads, xl.mlpRatio, xl.patchSize,
                xl.inChannels, xl.numClasses, xl.qkNorm, xl.distanceAware, xl.loraHiddenSize, xl.trainedLatentSide);
        JsonObject report = new JsonObject();
        report.addProperty("depth", plan.depth);
        report.addProperty("cpu", CpuFeatures.host().describe());
        JsonArray rows = new JsonArray();
        out.println("CPU: " + CpuFeatures.host().describe() + "; " + ai.djl.pytorch.jni.JniUtils.getNumThreads()
                + " intra-op threads");
        if (!device.isGpu()) {
            CpuPeak peak = CpuPeak.measure(2048, 2);
            out.printf(Locale.ROOT, "CPU peak (one %d^3 matrix product): fp32 %.0f GFLOP/s, bf16 %.0f GFLOP/s%n",
                    peak.n, peak.fp32, peak.bf16);
            report.addProperty("peak_fp32_gflops", peak.fp32);
            report.addProperty("peak_bf16_gflops", peak.bf16);
        }
        Map<String, TimTransformer> models = new LinkedHashMap<>();
        try {
            for (int px : plan.sizes) {
                budget(px, config, plan.decoders, out, report);
                for (Precision precision : plan.precisions) {
                    PrecisionPlan stages = PrecisionPlan.of(precision, device, CpuFeatures.host()).forModel(true);
                    String key = stages.dataType + (stages.transformerBf16 ? "+bf16" : "");
                    TimTransformer model = models.get(key);
                    if (model == null) {
                        model = TimTransformer.load(config, new RandomWeights(config.expectedShapes(), 42), device,
                                stages.dataType, stages.transformerBf16, attention,
                                msg -> err.println("nit: warning: " + msg));
                        models.put(key, model);
                    }
                    out.printf("TiM-C2I-512 shape (depth %d, random weights), %s, precision %s (%s), %s attention,"
                            + " batch 1%n", plan.depth, device, precision.name().toLowerCase(Locale.ROOT), stages.id(),
                            model.attention());
                    Map<String, Double> decodeMs = new LinkedHashMap<>();
                    for (String decoder : plan.decoders) {
                        decodeMs.put(decoder, plan.decode ? DecodeProfile.run(decoder, px, device, stages, plan.repeat,
                                out, report) : 0.0);
                    }
                    stepRows(model, px, precision, stages, decodeMs, plan, out, rows);
                }
            }
        } finally {
            models.values().forEach(TimTransformer::close);
        }
        report.add("results", rows);
        return report;
    }

    /** The FLOPs of each decoder and of a TiM evaluation at this size: what the timings are held against. */
    private static void budget(int px, TimConfig config, List<String> decoders, PrintStream out, JsonObject report)
            throws Exception {
        int side = px / 32;
        double forward = 2 * TimFlops.forwardMacs(config, side * side, 1);
        out.printf(Locale.ROOT, "Budget at %d^2: a TiM evaluation %.1f GFLOP (a guided step 2 x), ", px, forward / 1e9);
        JsonObject b = new JsonObject();
        b.addProperty("tim_forward_gflop", forward / 1e9);
        for (String id : decoders) {
            DcAeConfig c = DcAeConfig.fromJson(ModelCatalog.bundled().require(id).config().toString());
            double decode = 2 * DcAeFlops.decoderMacs(c, side, side);
            out.printf(Locale.ROOT, "%s decode %.1f GFLOP; ", id, decode / 1e9);
            b.addProperty(id + "_decode_gflop", decode / 1e9);
        }
        out.println();
        report.add("budget_" + px, b);
    }

    private static void stepRows(TimTransformer model, int px, Precision precision, PrecisionPlan stages,
                                 Map<String, Double> decodeMs, Plan plan, PrintStream out, JsonArray rows) {
        int side = px / 32;
        double gflop = 2 * TimFlops.forwardMacs(model.config(), side * side, 1) / 1e9;
        out.println("| size | precision | decoder | steps | NFE | ms/step | GFLOP/s | s/image incl. decode | NFE (CFG 3)"
                + " | ms/step (CFG 3) | s/image (CFG 3) incl. decode | peak RSS MB |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int steps : plan.stepCounts) {
            double plain = best(model, px, new TransitionSettings(steps, 1, 0, 1, TransitionMode.TRANSITION, 0),
                    plan.repeat);
            double guided = best(model, px, new TransitionSettings(steps, 3, 0, 1, TransitionMode.TRANSITION, 0),
                    plan.repeat);
            for (Map.Entry<String, Double> d : decodeMs.entrySet()) {
                double decode = d.getValue();
                JsonObject row = new JsonObject();
                row.addProperty("size", px);
                row.addProperty("precision", precision.name().toLowerCase(Locale.ROOT));
                row.addProperty("stages", stages.id());
                row.addProperty("decoder", d.getKey());
                row.addProperty("steps", steps);
                row.addProperty("ms_per_step", plain / steps);
                row.addProperty("tim_gflops", gflop * steps / (plain / 1e3));
                row.addProperty("s_per_image", (plain + decode) / 1000);
                row.addProperty("ms_per_step_cfg", guided / steps);
                row.addProperty("s_per_image_cfg", (guided + decode) / 1000);
                row.addProperty("decode_ms", decode);
                row.addProperty("peak_rss_mb", MemoryUse.peakResidentBytes() / 1e6);
                rows.add(row);
                out.printf(Locale.ROOT, "| %d^2 | %s | %s | %d | %d | %.0f | %.0f | %.1f | %d | %.0f | %.1f | %.0f |%n",
                        px, stages.id(), d.getKey(), steps, steps, plain / steps, gflop * steps / (plain / 1e3),
                        (plain + decode) / 1000, 2 * steps - 1, guided / steps, (guided + decode) / 1000,
                        row.get("peak_rss_mb").getAsDouble());
            }
        }
    }

    /** Best wall time in ms of a whole sample (after a warm-up forward). */
    private static double best(TimTransformer model, int px, TransitionSettings settings, int repeat) {
        LatentSize size = new LatentSize(px / 32, px / 32);
        float[] noise = new float[size.tokens() * model.config().inChannels];
        new SeededNoise(1, SeededNoise.INITIAL).fill(noise, 0, noise.length);
        TransitionSampler sampler = new TransitionSampler(model::forward, model::newManager, model.config().inChannels,
                model.config().nullClass());
        int[] classes = {207};
        sampler.sample(size, classes, noise, null, new TransitionSettings(1, 1, 0, 1, TransitionMode.TRANSITION, 0),
                SamplingProgress.NONE, () -> false);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeat; r++) {
            long start = System.nanoTime();
            sampler.sample(size, classes, noise, null, settings, SamplingProgress.NONE, () -> false);
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return best;
    }

    /** One decoder's decode of one image, per part, with multiply-adds and GFLOP/s. */
    private static final class DecodeProfile {
        private DecodeProfile() {
        }

        /** The fastest of {@code repeat} decodes, printed per part; returns its ms. */
        public static double run(String id, int px, Device device, PrecisionPlan stages, int repeat, PrintStream out,
                          JsonObject report) throws Exception {
            DcAeConfig config = DcAeConfig.fromJson(ModelCatalog.bundled().require(id).config().toString());
            List<String> parts = DcAeDecoder.stepParts(config);
            int side = px / config.spatialCompression();
            double[] macs = DcAeFlops.decoderStepMacs(config, side, side);
            double[] bestSteps = null;
            double bestTotal = Double.MAX_VALUE;
            try (DcAeDecoder decoder = DcAeDecoder.random(config, device, stages.dataType, 42,
                    stages.decoderBf16 && !device.isGpu());
                 NDManager m = NDManager.newBaseManager(device)) {
                NDArray z = m.randomNormal(new Shape(1, config.latentChannels(), side, side));
                decoder.decode(z, m).close(); // warm-up
                for (int r = 0; r < repeat; r++) {
                    List<Double> steps = new ArrayList<>();
                    decoder.decodeProfiled(z, m, steps::add).close();
                    double total = steps.stream().mapToDouble(Double::doubleValue).sum();
                    if (total < bestTotal) {
                        bestTotal = total;
                        bestSteps = steps.stream().mapToDouble(Double::doubleValue).toArray();
                    }
                }
            }
            out.printf(Locale.ROOT, "DC-AE %s decode of %d^2 (%s): %.0f ms, %.0f GFLOP/s; by part (deepest first):%n",
                    id, px, stages.id(), bestTotal, 2 * java.util.Arrays.stream(macs).sum() / bestTotal / 1e6);
            out.println("| part | GFLOP | ms | GFLOP/s | share |");
            out.println("|---|---|---|---|---|");
            Map<String, double[]> sums = new LinkedHashMap<>();
            for (int i = 0; i < bestSteps.length; i++) {
                double[] sum = sums.computeIfAbsent(parts.get(i), k -> new double[2]);
                sum[0] += 2 * macs[i] / 1e9;
                sum[1] += bestSteps[i];
            }
            JsonObject byPart = new JsonObject();
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                double[] v = e.getValue();
                out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.0f %% |%n", e.getKey(), v[0], v[1],
                        v[0] / v[1] * 1e3, 100 * v[1] / bestTotal);
                JsonObject part = new JsonObject();
                part.addProperty("gflop", v[0]);
                part.addProperty("ms", v[1]);
                byPart.add(e.getKey(), part);
            }
            report.add("decode_" + px + "_" + id + "_" + stages.id(), byPart);
            return bestTotal;
        }
    }
}
