package io.github.nitfiji.selftest;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.TiledDecoder;
import io.github.nitfiji.pipeline.GenerationListener;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationService;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.pipeline.ModelSelection;
import io.github.nitfiji.pipeline.Pipeline;
import io.github.nitfiji.pipeline.PipelineCache;
import io.github.nitfiji.pipeline.PipelineLoader;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingNames;
import io.github.nitfiji.pipeline.SpecBuilder;
import io.github.nitfiji.pipeline.StageOptions;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.PrecisionPlan;
import io.github.nitfiji.sampling.SamplingProgress;
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

    /** What to compare on: generator, the two decoders, image size, samples and sampler steps (0: its fast preset's). */
    public static final class Settings {
        final String model;
        final String first;
        final String second;
        final int pixels;
        final int samples;
        final int steps;

        public Settings(String model, String first, String second, int pixels, int samples, int steps) {
            if (pixels < 32 || pixels % 32 != 0 || samples < 1 || steps < 0) {
                throw new IllegalArgumentException("decoder comparison: size " + pixels + " must be a positive"
                        + " multiple of 32, samples " + samples + " at least 1 and steps " + steps + " 0 (the fast preset's) or more");
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
        ModelSelection first = ModelFamilies.byId(store, settings.model, settings.first);
        ModelSelection second = ModelFamilies.byId(store, settings.model, settings.second);
        out.accept("decoders: " + first.decoder.id + " against " + second.decoder.id + " on " + settings.samples
                + " latents of " + settings.model + " (" + (settings.steps > 0 ? settings.steps + " steps"
                : "its fast preset") + ", " + settings.pixels + "^2), "
                + device + ", fp32");
        JsonObject report = new JsonObject();
        report.addProperty("model", settings.model);
        report.addProperty("reference_decoder", first.decoder.id);
        report.addProperty("compared_decoder", second.decoder.id);
        JsonArray rows = new JsonArray();
        double psnrSum = 0;
        double ssimSum = 0;
        double[] ms = new double[2];
        DataType fp32 = DataType.FLOAT32;
        StageOptions options = new StageOptions(device, PrecisionPlan.uniform(fp32), AttentionKind.FUSED, Executor.AUTO,
                MemoryPlan.defaultBudget());
        try (Pipeline pipeline = PipelineLoader.load(first, options, MemoryPlan.defaultDecodeBudget(), m -> { });
             DcAeDecoder other = PipelineLoader.decoder(second.decoder, pipeline.decoder().device(), fp32, false)) {
            long budget = pipeline.decodeBudgetBytes();
            TiledDecoder[] tiled = {
                new TiledDecoder(pipeline.decoder(), TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP, budget),
                new TiledDecoder(other, TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP, budget),
            };
            DcAeDecoder[] decoders = {pipeline.decoder(), other};
            for (int i = 0; i < settings.samples; i++) {
                GenerationRequest request = request(store, first, settings, i);
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
                psnrSum / n, ssimSum / n, ms[0] / n, first.decoder.id, ms[1] / n, second.decoder.id));
        return report;
    }

    /**
     * Sample {@code i}: a class in turn (a caption for a text model), seed i, the sampler's steps
     * given and the rest from the model's fast preset, as the one request makes it.
     */
    private static GenerationRequest request(ModelStore store, ModelSelection model, Settings settings, int i)
            throws ModelException, IOException {
        SpecBuilder spec = GenerationSpec.builder(SettingNames.KEYS).model(settings.model).seed((long) i)
                .width(settings.pixels).height(settings.pixels).put(Setting.MODELS_DIR, store.folder().root())
                .put(Setting.STEPS, settings.steps > 0 ? settings.steps : null);
        if (model.family.readsText()) {
            spec.prompt(CAPTION);
        } else {
            spec.classes(CLASSES[i % CLASSES.length]);
        }
        return new GenerationService(new PipelineCache(), GenerationListener.QUIET, s -> "").prepare(spec.build())
                .request();
    }
}
