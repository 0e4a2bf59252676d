package io.github.nitfiji.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.pipeline.GenerationProgress;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationResult;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.pipeline.MemoryUse;
import io.github.nitfiji.pipeline.Pipeline;
import io.github.nitfiji.pipeline.SourceImage;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.io.PrintStream;

/**
 * Image-to-image end to end with the real architectures (NiT-XL shape, DC-AE f32c32) and random
 * weights: encode the source, sample from t = strength, decode. Reported per phase, for one image
 * of a square size, 50-step ODE with CFG 3.0 at strength 0.6 (30 steps run).
 */
final class ImageToImageTiming {
    static final int STEPS = 50;
    static final double STRENGTH = 0.6;

    private ImageToImageTiming() {
    }

    static JsonArray measure(int[] sizes, NitConfig nitConfig, Device device, DataType precision,
                             AttentionKind attention, PrintStream out, PrintStream err)
            throws ModelException, java.io.IOException {
        DcAeConfig ae = DcAeConfig.fromJson(ModelCatalog.bundled().require(DecodeTiming.DECODER).config().toString());
        JsonArray rows = new JsonArray();
        out.println();
        out.printf("image-to-image (random weights, depth %d), %d-step ODE, CFG 3.0, strength %.1f (%d steps run),"
                + " %s, %s%n", nitConfig.depth, STEPS, STRENGTH, new SamplerSettings(SamplerKind.ODE, STEPS, 3.0, 0, 1)
                .stepsFrom(STRENGTH), device, io.github.nitfiji.pipeline.Precision.id(precision));
        out.println("| size | encode s | sample s | decode s | total s | peak RSS MB |");
        out.println("|---|---|---|---|---|---|");
        NitTransformer nit = NitTransformer.load(nitConfig, new RandomWeights(nitConfig.expectedShapes(), 42), device,
                precision, attention, msg -> err.println("nit: warning: " + msg));
        try (Pipeline pipeline = new Pipeline(nit, DcAeDecoder.random(ae, device, precision, 42),
                MemoryPlan.defaultDecodeBudget(), () -> DcAeEncoder.random(ae, device, precision, 43))) {
            for (int px : sizes) {
                SourceImage source = gradient(px);
                pipeline.encodeSource(source); // warm-up (and the encoder's one-time load)
                long start = System.nanoTime();
                pipeline.encodeSource(source);
                double encode = (System.nanoTime() - start) / 1e9;
                GenerationRequest request = GenerationRequest.builder().classes(207).seed(1L).source(source)
                        .strength(STRENGTH).sampler(new SamplerSettings(SamplerKind.ODE, STEPS, 3.0, 0, 0.7)).build();
                start = System.nanoTime();
                GenerationResult result = pipeline.generate(request, GenerationProgress.NONE, () -> false);
                double total = (System.nanoTime() - start) / 1e9;
                JsonObject row = new JsonObject();
                row.addProperty("size", px);
                row.addProperty("encode_s", encode);
                row.addProperty("sample_s", result.samplingSeconds - encode);
                row.addProperty("decode_s", result.decodingSeconds);
                row.addProperty("total_s", total);
                row.addProperty("peak_rss_mb", MemoryUse.peakResidentBytes() / 1e6);
                rows.add(row);
                out.printf("| %d^2 | %.2f | %.1f | %.2f | %.1f | %.0f |%n", px, encode, result.samplingSeconds - encode,
                        result.decodingSeconds, total, row.get("peak_rss_mb").getAsDouble());
            }
        }
        return rows;
    }

    /** A smooth colour gradient of px x px, the source image. */
    private static SourceImage gradient(int px) {
        float[] planes = new float[3 * px * px];
        for (int y = 0; y < px; y++) {
            for (int x = 0; x < px; x++) {
                int i = y * px + x;
                planes[i] = SourceImage.unit(255.0 * x / px);
                planes[px * px + i] = SourceImage.unit(255.0 * y / px);
                planes[2 * px * px + i] = SourceImage.unit(128);
            }
        }
        return new SourceImage(px, px, planes, null, "gradient", "bench", "");
    }
}
