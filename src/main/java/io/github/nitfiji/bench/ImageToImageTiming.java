package io.github.nitfiji.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.family.nit.NitStage;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.dcae.DecodeMemoryEstimate;
import io.github.nitfiji.model.dcae.TiledEncoder;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.pipeline.GenerationProgress;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationResult;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.pipeline.Pipeline;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.ExecutorChoice;
import io.github.nitfiji.runtime.MemoryUse;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.source.SourceImage;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Image-to-image with the real architectures (NiT-XL shape, DC-AE f32c32) and random weights, per
 * square size, through the real pipeline and the default decode budget (above it the encoder and
 * the decoder tile): encode + decode measured end to end at strength 0; sampling measured over a
 * few CFG steps from the source. A full run at the default strength 0.6 of the fast preset's
 * 50-step ODE (CFG 3.0 on [0, 0.7]: every one of its 30 steps is guided) is then composed as
 * encode + 30 x step + decode, not run: at the XL shape it takes minutes per image.
 */
public final class ImageToImageTiming {
    public static final SamplerSettings SAMPLER = new SamplerSettings(SamplerKind.ODE, 50, 3.0, 0, 0.7);
    public static final double STRENGTH = 0.6;
    /** Steps timed per size, after one untimed step (which carries the size's first-use costs). */
    public static final int TIMED_STEPS = 2;

    public final int pixels;
    public final double encodeSeconds;
    public final double msPerStep;
    public final double decodeSeconds;
    /** Whether the encode / the decode ran in tiles (the image was above the memory budget). */
    public final boolean encodeTiled;
    public final boolean decodeTiled;
    public final double peakResidentMb;

    private ImageToImageTiming(int pixels, double encodeSeconds, double msPerStep, double decodeSeconds,
                               boolean encodeTiled, boolean decodeTiled, double peakResidentMb) {
        this.pixels = pixels;
        this.encodeSeconds = encodeSeconds;
        this.msPerStep = msPerStep;
        this.decodeSeconds = decodeSeconds;
        this.encodeTiled = encodeTiled;
        this.decodeTiled = decodeTiled;
        this.peakResidentMb = peakResidentMb;
    }

    /** The steps a run at {@link #STRENGTH} takes: 30 of 50. */
    public static int stepsAtStrength() {
        return SAMPLER.stepsFrom(STRENGTH);
    }

    /** Composed, not measured: encode + {@link #stepsAtStrength()} steps + decode. */
    public double composedSeconds() {
        return encodeSeconds + stepsAtStrength() * msPerStep / 1000 + decodeSeconds;
    }

    /** What the measurement is doing now, and each size's result as soon as it is measured. */
    public interface Listener {
        void phase(String what);

        void measured(ImageToImageTiming timing);
    }

    /**
     * Times each square size (after a warm-up at 64 x 64, which also loads the encoder) and hands
     * each result to {@code listener} at once, so a later size that fails or is stopped leaves the
     * earlier ones reported. A failure names the size and the phase.
     */
    public static void measure(int[] sizes, NitConfig nitConfig, Device device, DataType precision,
                               AttentionKind attention, Consumer<String> warn, Listener listener)
            throws ModelException, IOException {
        DcAeConfig ae = DcAeConfig.fromJson(ModelCatalog.bundled().require(DecodeTiming.DECODER).config().toString());
        listener.phase("loading NiT (depth " + nitConfig.depth + ", random weights) and the DC-AE");
        NitTransformer nit = NitTransformer.load(nitConfig, new RandomWeights(nitConfig.expectedShapes(), 42), device,
                precision, attention, warn);
        long budget = MemoryPlan.defaultDecodeBudget();
        try (Pipeline pipeline = new Pipeline(new NitStage(nit, new ExecutorChoice(Executor.EAGER, "bench")),
                DcAeDecoder.random(ae, device, precision, 42), budget, () -> DcAeEncoder.random(ae, device, precision,
                43))) {
            listener.phase("warm-up at 64^2");
            encodeDecode(pipeline, gradient(64));
            stepTimes(pipeline, gradient(64));
            for (int px : sizes) {
                listener.phase(px + "^2: encode + decode (strength 0)");
                GenerationResult whole = run(px, "encoding or decoding", () -> encodeDecode(pipeline, gradient(px)));
                listener.phase(px + "^2: " + (TIMED_STEPS + 1) + " sampling steps (the source encoded again, "
                        + "untimed)");
                double msPerStep = run(px, "sampling", () -> stepTimes(pipeline, gradient(px)));
                int latent = px / GenerationRequest.PIXELS_PER_LATENT;
                listener.measured(new ImageToImageTiming(px, whole.samplingSeconds, msPerStep, whole.decodingSeconds,
                        TiledEncoder.activationBytes(ae, 1, latent, latent) > budget,
                        !DecodeMemoryEstimate.fits(ae, 1, latent, latent, budget),
                        MemoryUse.peakResidentBytes() / 1e6));
            }
        }
    }

    /** Strength 0: the source is encoded and decoded, no step runs (sampling time = encode time). */
    private static GenerationResult encodeDecode(Pipeline pipeline, SourceImage source) {
        GenerationRequest request = GenerationRequest.builder().classes(207).seed(1L).source(source)
                .strength(0.0).sampling(SAMPLER).build();
        return pipeline.generate(request, GenerationProgress.NONE, () -> false);
    }

    /** Mean ms of the last {@link #TIMED_STEPS} of TIMED_STEPS + 1 CFG steps from the source. */
    private static double stepTimes(Pipeline pipeline, SourceImage source) {
        int steps = TIMED_STEPS + 1;
        long[] doneAt = new long[steps + 1];
        GenerationRequest request = GenerationRequest.builder().classes(207).seed(1L).source(source)
                .strength((double) steps / SAMPLER.steps).sampling(SAMPLER).build();
        if (request.stepsRun() != steps) {
            throw new IllegalStateException("the sampler runs " + request.stepsRun() + " steps at strength "
                    + request.strength() + ", the bench expects " + steps);
        }
        pipeline.sampleLatents(request, (done, total) -> doneAt[done] = System.nanoTime(), () -> false);
        return (doneAt[steps] - doneAt[1]) / 1e6 / TIMED_STEPS;
    }

    private interface Phase<T> {
        T run();
    }

    private static <T> T run(int px, String phase, Phase<T> work) {
        try {
            return work.run();
        } catch (RuntimeException e) {
            throw new IllegalStateException("image-to-image at " + px + "^2 failed while " + phase + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
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
