package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.TiledDecoder;
import io.github.nitfiji.model.nit.AttentionKind;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code selftest --decoders}: how far a second decoder of the same latent space (DC-AE-Lite) is
 * from the model's own (DC-AE), on latents the installed generator actually samples (no one here
 * can judge Lite's quality on NiT/TiM latents otherwise). Each sample is decoded by both decoders,
 * timed, and compared with {@link ImageSimilarity}: PSNR and SSIM of the second against the first.
 */
public final class DecoderComparison {
    /** Classes sampled in turn: golden retriever, macaw, volcano, cheeseburger, lighthouse... */
    private static final int[] CLASSES = {207, 88, 980, 933, 437, 1, 291, 971};
    private static final String CAPTION = "a photograph of a lighthouse on a rocky coast at sunset";

    /** What to compare on: generator, the two decoders, image size, samples and sampler steps. */
    public static final class Settings {
        final String model;
        final String first;
        final String second;
        final int pixels;
        final int samples;
        final int steps;

        public Settings(String model, String first, String second, int pixels, int samples, int steps) {
            if (pixels < 32 || pixels % 32 != 0 || samples < 1 || steps < 1) {
                throw new IllegalArgumentException("decoder comparison: size " + pixels + " must be a positive"
                        + " multiple of 32, samples " + samples + " and steps " + steps + " at least 1");
            }
            this.model = model;
            this.first = first;
            this.second = second;
            this.pixels = pixels;
            this.samples = samples;
            this.steps = steps;
        }
    }

    private DecoderComparison() {
    }

    /**
     * Samples {@code settings.samples} latents with {@code settings.model} and decodes each with both
     * decoders on {@code device} in FP32.
     *
     * @throws ModelException NOT_INSTALLED when the generator or either decoder is missing
     */
    public static JsonObject run(ModelStore store, Settings settings, Device device, Consumer<String> out)
            throws ModelException, IOException {
        ModelChoice first = ModelChoice.byId(store, settings.model, settings.first);
        ModelChoice second = ModelChoice.byId(store, settings.model, settings.second);
        out.accept("decoders: " + first.decoderId + " against " + second.decoderId + " on " + settings.samples
                + " latents of " + settings.model + " (" + settings.steps + " steps, " + settings.pixels + "^2), "
                + device + ", fp32");
        JsonObject report = new JsonObject();
        report.addProperty("model", settings.model);
        report.addProperty("reference_decoder", first.decoderId);
        report.addProperty("compared_decoder", second.decoderId);
        JsonArray rows = new JsonArray();
        double psnrSum = 0;
        double ssimSum = 0;
        double[] ms = new double[2];
        DataType fp32 = DataType.FLOAT32;
        try (Pipeline pipeline = first.load(device, fp32, AttentionKind.FUSED, MemoryPlan.defaultDecodeBudget(),
                m -> { });
             DcAeDecoder other = second.loadDecoder(pipeline.decoder().device(), fp32, false)) {
            long budget = pipeline.decodeBudgetBytes();
            TiledDecoder[] tiled = {
                new TiledDecoder(pipeline.decoder(), TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP, budget),
                new TiledDecoder(other, TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP, budget),
            };
            DcAeDecoder[] decoders = {pipeline.decoder(), other};
            for (int i = 0; i < settings.samples; i++) {
                GenerationRequest request = request(first.kind, settings, i);
                LatentBatch latents = pipeline.sampleLatents(request, SamplingProgress.NONE, () -> false);
                float[][] planes = new float[2][];
                double[] sampleMs = new double[2];
                for (int d = 0; d < 2; d++) {
                    long start = System.nanoTime();
                    try (NDManager run = NDManager.newBaseManager(decoders[d].device())) {
                        planes[d] = Pipeline.decode(decoders[d], tiled[d], latents, 0, request.width(),
                                request.height(), run).planes;
                    }
                    sampleMs[d] = (System.nanoTime() - start) / 1e6;
                    ms[d] += sampleMs[d];
                }
                double psnr = ImageSimilarity.psnr(planes[1], planes[0]);
                double ssim = ImageSimilarity.ssim(planes[1], planes[0], 3, request.height(), request.width());
                psnrSum += psnr;
                ssimSum += ssim;
                JsonObject row = new JsonObject();
                row.addProperty("sample", i);
                row.addProperty("class", request.classes()[0]);
                row.addProperty("psnr_db", psnr);
                row.addProperty("ssim", ssim);
                row.addProperty("reference_ms", sampleMs[0]);
                row.addProperty("compared_ms", sampleMs[1]);
                rows.add(row);
                out.accept(String.format(Locale.ROOT, "  sample %d (class %d): PSNR %.2f dB, SSIM %.4f; decode %.0f ms"
                        + " / %.0f ms", i, request.classes()[0], psnr, ssim, sampleMs[0], sampleMs[1]));
            }
        }
        int n = settings.samples;
        report.add("samples", rows);
        report.addProperty("mean_psnr_db", psnrSum / n);
        report.addProperty("mean_ssim", ssimSum / n);
        report.addProperty("reference_ms", ms[0] / n);
        report.addProperty("compared_ms", ms[1] / n);
        out.accept(String.format(Locale.ROOT, "  mean: PSNR %.2f dB, SSIM %.4f; decode %.0f ms (%s) / %.0f ms (%s)",
                psnrSum / n, ssimSum / n, ms[0] / n, first.decoderId, ms[1] / n, second.decoderId));
        return report;
    }

    /** Sample {@code i}: a class in turn (a caption for text-to-image), seed i, the generator's plain sampler. */
    private static GenerationRequest request(ModelKind kind, Settings settings, int i) {
        GenerationRequest.Builder b = GenerationRequest.builder().seed((long) i)
                .imageSize(settings.pixels, settings.pixels);
        if (kind == ModelKind.TIM_T2I) {
            b.classes(GenerationRequest.NULL_CLASS).caption(CAPTION);
        } else {
            b.classes(CLASSES[i % CLASSES.length]);
        }
        if (kind == ModelKind.NIT) {
            b.sampler(new SamplerSettings(SamplerKind.ODE, settings.steps, 1.5, 0.0, 0.7));
        } else {
            b.transition(new TransitionSettings(settings.steps, 1, 0, 1, TransitionMode.TRANSITION, 0));
        }
        return b.build();
    }
}
