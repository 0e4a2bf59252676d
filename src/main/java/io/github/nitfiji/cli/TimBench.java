package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.model.tim.TimConfig;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.pipeline.MemoryUse;
import io.github.nitfiji.pipeline.bench.DecodeTiming;
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
 * image, without and with guidance (CFG 3 on (0, 1): every step after the first is guided), and
 * the DC-AE decode of that image broken down by decoder stage, so "seconds per image" includes
 * the decode and says where it goes.
 */
final class TimBench {
    private TimBench() {
    }

    static JsonObject run(int[] sizes, int[] stepCounts, int depth, int repeat, Device device, DataType precision,
                          AttentionKind attention, boolean decode, PrintStream out, PrintStream err) throws Exception {
        TimConfig xl = TimConfig.xl();
        TimConfig config = new TimConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, xl.patchSize, xl.inChannels,
                xl.numClasses, xl.qkNorm, xl.distanceAware, xl.loraHiddenSize, xl.trainedLatentSide);
        JsonObject report = new JsonObject();
        report.addProperty("depth", depth);
        JsonArray rows = new JsonArray();
        out.printf("TiM-C2I-512 shape (depth %d, random weights), %s, %s, batch 1%n", depth, device,
                precision == DataType.FLOAT16 ? "fp16" : "fp32");
        try (TimTransformer model = TimTransformer.load(config, new RandomWeights(config.expectedShapes(), 42),
                device, precision, attention, msg -> err.println("nit: warning: " + msg))) {
            out.println("attention: " + model.attention());
            for (int px : sizes) {
                double decodeMs = decode ? decodeProfile(px, device, precision, repeat, out, report) : 0;
                out.println("| size | steps | NFE | ms/step | s/image incl. decode | NFE (CFG 3) | ms/step (CFG 3)"
                        + " | s/image (CFG 3) incl. decode | peak RSS MB |");
                out.println("|---|---|---|---|---|---|---|---|---|");
                for (int steps : stepCounts) {
                    double plain = best(model, px, new TransitionSettings(steps, 1, 0, 1, TransitionMode.TRANSITION, 0),
                            repeat);
                    double guided = best(model, px, new TransitionSettings(steps, 3, 0, 1, TransitionMode.TRANSITION,
                            0), repeat);
                    JsonObject row = new JsonObject();
                    row.addProperty("size", px);
                    row.addProperty("steps", steps);
                    row.addProperty("ms_per_step", plain / steps);
                    row.addProperty("s_per_image", (plain + decodeMs) / 1000);
                    row.addProperty("ms_per_step_cfg", guided / steps);
                    row.addProperty("s_per_image_cfg", (guided + decodeMs) / 1000);
                    row.addProperty("decode_ms", decodeMs);
                    row.addProperty("peak_rss_mb", MemoryUse.peakResidentBytes() / 1e6);
                    rows.add(row);
                    out.printf(Locale.ROOT, "| %d^2 | %d | %d | %.0f | %.1f | %d | %.0f | %.1f | %.0f |%n", px, steps,
                            steps, plain / steps, (plain + decodeMs) / 1000, 2 * steps - 1, guided / steps,
                            (guided + decodeMs) / 1000, row.get("peak_rss_mb").getAsDouble());
                }
            }
        }
        report.add("results", rows);
        return report;
    }

    /** Best wall time in ms of a whole sample (after a warm-up forward). */
    private static double best(TimTransformer model, int px, TransitionSettings settings, int repeat) {
        LatentSize size = new LatentSize(px / 32, px / 32);
        float[] noise = new float[size.tokens() * model.config().inChannels];
        new SeededNoise(1, SeededNoise.INITIAL).fill(noise, 0, noise.length);
        TransitionSampler sampler = new TransitionSampler(model);
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

    /** The fastest of {@code repeat} decodes of one image, printed per decoder stage; returns its ms. */
    private static double decodeProfile(int px, Device device, DataType precision, int repeat, PrintStream out,
                                        JsonObject report) throws Exception {
        DcAeConfig config = DcAeConfig.fromJson(ModelCatalog.bundled().require(DecodeTiming.DECODER).config()
                .toString());
        List<String> parts = DcAeDecoder.stepParts(config);
        double[] bestSteps = null;
        double bestTotal = Double.MAX_VALUE;
        try (DcAeDecoder decoder = DcAeDecoder.random(config, device, precision, 42);
             NDManager m = NDManager.newBaseManager(device)) {
            int f = config.spatialCompression();
            NDArray z = m.randomNormal(new Shape(1, config.latentChannels(), px / f, px / f));
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
        out.printf(Locale.ROOT, "DC-AE %s decode of %d^2: %.0f ms; by part (deepest first):%n", DecodeTiming.DECODER,
                px, bestTotal);
        out.println("| part | ms | share |");
        out.println("|---|---|---|");
        JsonObject byPart = new JsonObject();
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int i = 0; i < bestSteps.length; i++) {
            sums.merge(parts.get(i), bestSteps[i], Double::sum);
        }
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            out.printf(Locale.ROOT, "| %s | %.0f | %.0f %% |%n", e.getKey(), e.getValue(), 100 * e.getValue() / bestTotal);
            byPart.addProperty(e.getKey(), e.getValue());
        }
        report.add("decode_" + px + "_ms_by_part", byPart);
        return bestTotal;
    }
}
