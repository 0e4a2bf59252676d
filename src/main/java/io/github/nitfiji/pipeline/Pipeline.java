package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.index.NDIndex;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.dcae.TiledDecoder;
import io.github.nitfiji.model.dcae.TiledEncoder;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.sampling.Sampler;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SamplingStart;
import io.github.nitfiji.sampling.SdeNoise;
import io.github.nitfiji.sampling.SeededNoise;
import io.github.nitfiji.sampling.SeededSdeNoise;
import io.github.nitfiji.sampling.SuppliedSdeNoise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Loaded models and the generation they serve: sample latents with NiT (from noise, or from an
 * encoded source image), divide by the DC-AE scaling factor, decode (in tiles when an image would
 * exceed the decode budget), crop to the exact requested size. Load once, generate many times; not thread-safe (callers serialise
 * requests).
 */
public final class Pipeline implements AutoCloseable {
    private final NitTransformer nit;
    /** TiM's sampler instead of NiT's, or null. */
    private final TimStage tim;
    private final DcAeDecoder decoder;
    private final TiledDecoder tiled;
    private final long decodeBudgetBytes;
    private final ExecutorChoice executor;
    private final EncoderLoader encoderLoader;
    private DcAeEncoder encoder;
    private TiledEncoder tiledEncoder;

    /** Loads the DC-AE encoder the first time an image is encoded (text-to-image never needs it). */
    @FunctionalInterface
    public interface EncoderLoader {
        DcAeEncoder load() throws IOException;
    }

    /** A pipeline that can only sample latents. */
    public Pipeline(NitTransformer nit) {
        this(nit, null, 0);
    }

    /** A latent-only pipeline whose NiT was set up for {@code executor}. */
    Pipeline(NitTransformer nit, ExecutorChoice executor) {
        this(nit, null, 0, executor, null);
    }

    /**
     * @param decoder the DC-AE decoder, owned (and closed) by the pipeline from now on
     * @param decodeBudgetBytes working memory one decode (or encode) may use; larger images are tiled
     * @param encoderLoader loads the matching encoder on first use (owned by the pipeline), or null
     */
    public Pipeline(NitTransformer nit, DcAeDecoder decoder, long decodeBudgetBytes) {
        this(nit, decoder, decodeBudgetBytes, (EncoderLoader) null);
    }

    /** A pipeline that can also start from an image, its encoder loaded on first use. */
    public Pipeline(NitTransformer nit, DcAeDecoder decoder, long decodeBudgetBytes, EncoderLoader encoderLoader) {
        this(nit, decoder, decodeBudgetBytes, new ExecutorChoice(Executor.EAGER, "set up by the caller"),
                encoderLoader);
    }

    Pipeline(NitTransformer nit, DcAeDecoder decoder, long decodeBudgetBytes, ExecutorChoice executor,
             EncoderLoader encoderLoader) {
        this(nit, null, decoder, decodeBudgetBytes, executor, encoderLoader);
    }

    /** A TiM pipeline: its sampler, then the same checks, decode and crop as NiT's (no image-to-image). */
    Pipeline(TimStage tim, DcAeDecoder decoder, long decodeBudgetBytes) {
        this(null, tim, decoder, decodeBudgetBytes, new ExecutorChoice(Executor.EAGER, "TiM runs eager"), null);
    }

    private Pipeline(NitTransformer nit, TimStage tim, DcAeDecoder decoder, long decodeBudgetBytes,
                     ExecutorChoice executor, EncoderLoader encoderLoader) {
        this.nit = nit;
        this.tim = tim;
        this.executor = executor;
        this.encoderLoader = encoderLoader;
        this.decoder = decoder;
        this.decodeBudgetBytes = decodeBudgetBytes;
        this.tiled = decoder == null ? null
                : new TiledDecoder(decoder, TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP, decodeBudgetBytes);
        int channels = tim != null ? tim.channels() : nit.config().inChannels;
        if (decoder != null && decoder.config().latentChannels() != channels) {
            throw new IllegalArgumentException("the decoder takes " + decoder.config().latentChannels()
                    + " latent channels but " + (tim != null ? "TiM" : "NiT") + " makes " + channels
                    + "; pick a matching pair");
        }
    }

    /** The NiT transformer, or null for a TiM pipeline. */
    public NitTransformer nit() {
        return nit;
    }

    /**
     * The executor NiT runs with now and why: the choice, or eager after a scripted forward did
     * not load or failed at run time.
     */
    public String executorReport() {
        if (tim != null) {
            return "eager (" + executor.reason + ")";
        }
        if (executor.executor == Executor.SCRIPT && nit.groupForward() == null) {
            return "eager (script was chosen, " + executor.reason + ", but did not load or run here)";
        }
        boolean scripted = nit.groupForward() != null;
        return (scripted ? "script" : "eager") + " (" + executor.reason + ")";
    }

    /** Working memory one decode may use before it is tiled. */
    public long decodeBudgetBytes() {
        return decodeBudgetBytes;
    }

    /** The decoder, or null for a latent-only pipeline. */
    public DcAeDecoder decoder() {
        return decoder;
    }

    /**
     * Samples, decodes and crops every image of a request. From a source with a selection, each
     * decoded image is blended into the source's pixels ({@link SelectionBlend}).
     */
    public GenerationResult generate(GenerationRequest request, GenerationProgress progress, BooleanSupplier cancelled) {
        if (decoder == null) {
            throw new IllegalStateException("this pipeline has no decoder; load one to make images");
        }
        long start = System.nanoTime();
        LatentBatch latents = sampleLatents(request, progress::sampling, cancelled);
        long sampled = System.nanoTime();
        SourceImage source = request.source();
        float[] feather = source != null && source.hasSelection()
                ? SelectionBlend.weights(source.selection(), source.width, source.height) : null;
        List<GeneratedImage> images = new ArrayList<>();
        for (int i = 0; i < latents.images(); i++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled before decoding image " + (i + 1));
            }
            GeneratedImage image = decode(latents, i, request.width(), request.height());
            images.add(feather == null ? image : image.withPlanes(SelectionBlend.blend(image.planes, source.planes(),
                    feather)));
            progress.decoding(i + 1, latents.images());
        }
        return new GenerationResult(request, images, latents, (sampled - start) / 1e9, (System.nanoTime() - sampled) / 1e9);
    }

    /**
     * The request's source as latents x0 [h * w, channels] (scaled, row-major tokens), encoded in
     * tiles above the memory budget.
     */
    public float[] encodeSource(SourceImage source) {
        if (decoder == null) {
            throw new IllegalStateException("this pipeline has no DC-AE; load one to start from an image");
        }
        if (tim != null) {
            throw new IllegalStateException("TiM pipelines start from noise only");
        }
        try (NDManager run = nit.newManager()) {
            return SourceEncoding.encode(source, SourceEncoding.gridOf(source.width, source.height), encoder(),
                    decoder.config().scalingFactor(), run);
        }
    }

    private TiledEncoder encoder() {
        if (tiledEncoder == null) {
            if (encoderLoader == null) {
                throw new IllegalStateException("this pipeline was loaded without the DC-AE encoder, so it cannot"
                        + " start from an image");
            }
            try {
                encoder = encoderLoader.load();
            } catch (IOException e) {
                throw new UncheckedIOException("could not load the DC-AE encoder: " + e.getMessage(), e);
            }
            tiledEncoder = new TiledEncoder(encoder, TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP,
                    decodeBudgetBytes);
        }
        return tiledEncoder;
    }

    private GeneratedImage decode(LatentBatch latents, int image, int width, int height) {
        try (NDManager run = nit != null ? nit.newManager() : NDManager.newBaseManager(decoder.device())) {
            return decode(decoder, tiled, latents, image, width, height, run);
        }
    }

    /**
     * Image {@code image} of {@code latents} through {@code decoder} ({@code tiled} wraps it): divided by its scaling
     * factor, decoded (in tiles above its budget), checked for non-finite values, cropped to
     * width x height about the centre. Temporaries go to {@code run}.
     */
    static GeneratedImage decode(DcAeDecoder decoder, TiledDecoder tiled, LatentBatch latents, int image, int width,
                                 int height, NDManager run) {
        LatentSize size = latents.size;
        int perImage = size.tokens() * latents.channels;
        float[] tokens = java.util.Arrays.copyOfRange(latents.values, image * perImage, (image + 1) * perImage);
        int fullW = size.width * GenerationRequest.PIXELS_PER_LATENT;
        int fullH = size.height * GenerationRequest.PIXELS_PER_LATENT;
        int cropX = (fullW - width) / 2;
        int cropY = (fullH - height) / 2;
        // tokens are row-major latent pixels with channels last; the decoder wants [1, C, h, w]
        NDArray z = run.create(tokens, new Shape(size.height, size.width, latents.channels))
                .transpose(2, 0, 1).expandDims(0)
                .div(decoder.config().scalingFactor());
        NDArray decoded = tiled.decode(z, run);
        NonFiniteResultException.check(decoded.reshape(1, -1), "decoding", image, decoder.precision(), 0, false);
        float[] planes = decoded.get(new NDIndex("0, :, {}:{}, {}:{}", cropY, cropY + height, cropX, cropX + width))
                .toFloatArray();
        return new GeneratedImage(width, height, planes, latents.classes[image], latents.seeds[image], cropX, cropY);
    }

    /**
     * Samples the latents of a request (the transformer part of generation). From a source, the
     * sampler starts at t = strength from the encoded source; at strength 0 no step runs and every
     * image's latents are the source's.
     */
    public LatentBatch sampleLatents(GenerationRequest request, SamplingProgress progress, BooleanSupplier cancelled) {
        if (tim != null) {
            return sampleTim(request, progress, cancelled);
        }
        int channels = nit.config().inChannels;
        LatentSize size = request.latentSize();
        int images = request.images();
        int perImage = size.tokens() * channels;
        int[] classes = request.classes();
        for (int c : classes) {
            if (c > nit.config().nullClass()) {
                throw new IllegalArgumentException("class " + c + " is outside 0.." + nit.config().nullClass()
                        + " for this model");
            }
        }
        long[] seeds = new long[images];
        for (int i = 0; i < images; i++) {
            seeds[i] = request.seedOf(i);
        }
        SourceImage source = request.source();
        float[] x0 = source == null ? null : repeated(encodeSource(source), images);
        if (source != null && request.strength() == 0) {
            return new LatentBatch(x0, size, channels, classes, seeds);
        }
        float[] noise = initialNoise(request, seeds, perImage);
        long[] recordedSeeds = seeds.clone();
        if (request.suppliedNoise() != null) {
            java.util.Arrays.fill(recordedSeeds, -1);
        }
        SdeNoise sde = sdeNoise(request, seeds, perImage);
        List<LatentSize> sizes = Collections.nCopies(images, size);
        try (NDManager run = nit.newManager()) {
            Shape shape = new Shape((long) images * size.tokens(), channels);
            NDArray x = run.create(noise, shape);
            SamplingStart start = SamplingStart.NOISE;
            if (source != null) {
                boolean[] kept = SourceEncoding.keptTokens(source, size);
                start = SamplingStart.fromSource(request.strength(), run.create(x0, shape),
                        kept == null ? null : repeated(kept, images));
            }
            NDArray latent = new Sampler(nit).sample(sizes, classes, x, start, sde, request.sampler(), progress,
                    cancelled);
            NonFiniteResultException.check(latent.reshape(images, -1), "sampling", 0, nit.precision(),
                    request.sampler().cfgScale, request.suppliedNoise() != null);
            return new LatentBatch(latent.toFloatArray(), size, channels, classes, recordedSeeds);
        }
    }

    private LatentBatch sampleTim(GenerationRequest request, SamplingProgress progress, BooleanSupplier cancelled) {
        if (request.transition() == null || request.source() != null) {
            throw new IllegalArgumentException("a TiM pipeline takes transition settings and starts from noise");
        }
        if (request.suppliedNoise() != null) {
            NonFiniteResultException.checkSupplied(request.suppliedNoise(), "initial noise");
        }
        LatentBatch latents = tim.sample(request, progress, cancelled);
        try (NDManager host = NDManager.newBaseManager(Device.cpu())) {
            NonFiniteResultException.check(host.create(latents.values, new Shape(latents.images(),
                    latents.values.length / latents.images())), "sampling",
                    0, tim.precision(), request.transition().cfgScale, request.suppliedNoise() != null);
        }
        return latents;
    }

    private static float[] repeated(float[] one, int times) {
        float[] all = new float[one.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return all;
    }

    private static boolean[] repeated(boolean[] one, int times) {
        boolean[] all = new boolean[one.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return all;
    }

    private static float[] initialNoise(GenerationRequest request, long[] seeds, int perImage) {
        float[] supplied = request.suppliedNoise();
        int expected = seeds.length * perImage;
        if (supplied != null) {
            if (supplied.length != expected) {
                throw new IllegalArgumentException("supplied noise holds " + supplied.length + " values; "
                        + seeds.length + " image(s) of latent " + request.latentSize() + " need " + expected);
            }
            NonFiniteResultException.checkSupplied(supplied, "initial noise");
            return supplied;
        }
        float[] noise = new float[expected];
        for (int i = 0; i < seeds.length; i++) {
            new SeededNoise(seeds[i], SeededNoise.INITIAL).fill(noise, i * perImage, perImage);
        }
        return noise;
    }

    private static SdeNoise sdeNoise(GenerationRequest request, long[] seeds, int perImage) {
        if (request.sampler().kind != SamplerKind.SDE) {
            return null;
        }
        float[] supplied = request.suppliedSdeDraws();
        if (supplied == null) {
            int[] counts = new int[seeds.length];
            java.util.Arrays.fill(counts, perImage);
            return new SeededSdeNoise(seeds, counts);
        }
        long expected = (long) (request.stepsRun() - 1) * seeds.length * perImage;
        if (supplied.length != expected) {
            throw new IllegalArgumentException("supplied SDE draws hold " + supplied.length + " values; "
                    + (request.stepsRun() - 1) + " steps x " + seeds.length + " image(s) of latent "
                    + request.latentSize() + " need " + expected);
        }
        NonFiniteResultException.checkSupplied(supplied, "SDE noise");
        return new SuppliedSdeNoise(supplied, seeds.length * perImage);
    }

    @Override
    public void close() {
        if (nit != null) {
            nit.close();
        }
        if (tim != null) {
            tim.close();
        }
        if (decoder != null) {
            decoder.close();
        }
        if (encoder != null) {
            encoder.close();
        }
    }
}
