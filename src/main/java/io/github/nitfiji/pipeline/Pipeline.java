package io.github.nitfiji.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.dcae.TiledDecoder;
import io.github.nitfiji.model.dcae.TiledEncoder;
import io.github.nitfiji.sampling.NonFiniteResultException;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.source.SelectionBlend;
import io.github.nitfiji.source.SourceEncoding;
import io.github.nitfiji.source.SourceImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A loaded model and the generation it serves, the same for every family: the family's
 * {@link SamplingStage} samples latents (from noise, or from an encoded source image), then the
 * latents are divided by the DC-AE scaling factor, decoded (in tiles when an image would exceed
 * the decode budget), checked and cropped to the exact requested size. Load once, generate many
 * times; not thread-safe (callers serialise requests).
 */
public final class Pipeline implements AutoCloseable {
    /** Images a preview shows at most (each costs a decode). */
    public static final int PREVIEW_IMAGES = 4;

    private final SamplingStage stage;
    private final DcAeDecoder decoder;
    private final TiledDecoder tiled;
    private final long decodeBudgetBytes;
    private final EncoderLoader encoderLoader;
    private DcAeEncoder encoder;
    private TiledEncoder tiledEncoder;

    /** Loads the DC-AE encoder the first time an image is encoded (most runs never need it). */
    @FunctionalInterface
    public interface EncoderLoader {
        DcAeEncoder load() throws IOException;
    }

    /**
     * @param stage the family's sampling stage, owned (and closed) by the pipeline from now on
     * @param decoder the DC-AE decoder (owned from now on), or null for a latent-only pipeline
     * @param decodeBudgetBytes working memory one decode (or encode) may use; larger images are tiled
     * @param encoderLoader loads the matching encoder on first use (owned by the pipeline), or null
     */
    public Pipeline(SamplingStage stage, DcAeDecoder decoder, long decodeBudgetBytes, EncoderLoader encoderLoader) {
        this.stage = stage;
        this.decoder = decoder;
        this.decodeBudgetBytes = decodeBudgetBytes;
        this.encoderLoader = encoderLoader;
        this.tiled = decoder == null ? null
                : new TiledDecoder(decoder, TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP, decodeBudgetBytes);
        if (decoder != null && decoder.config().latentChannels() != stage.channels()) {
            throw new IllegalArgumentException("the decoder takes " + decoder.config().latentChannels()
                    + " latent channels but the model makes " + stage.channels() + "; pick a matching pair");
        }
    }

    /** The family's sampling stage. */
    public SamplingStage stage() {
        return stage;
    }

    /** How the network runs now and why (see {@link SamplingStage#executorReport()}). */
    public String executorReport() {
        return stage.executorReport();
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
        SourceImage source = request.source();
        float[] feather = source != null && source.hasSelection()
                ? SelectionBlend.weights(source.selection(), source.width, source.height) : null;
        LatentBatch latents = sampleLatents(request, withPreviews(request, progress, feather), cancelled);
        long sampled = System.nanoTime();
        List<GeneratedImage> images = new ArrayList<>();
        for (int i = 0; i < latents.images(); i++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled before decoding image " + (i + 1));
            }
            images.add(decodeImage(latents, i, request, feather));
            progress.decoding(i + 1, latents.images());
        }
        return new GenerationResult(request, images, latents, (sampled - start) / 1e9, (System.nanoTime() - sampled) / 1e9);
    }

    /**
     * The sampling progress that also decodes the sampler's estimate of the final latents into
     * previews, at the cadence the listener asks for ({@link PreviewCadence}), for the first
     * {@link #PREVIEW_IMAGES} images; plain step progress when it asks for none.
     */
    private SamplingProgress withPreviews(GenerationRequest request, GenerationProgress progress, float[] feather) {
        boolean accelerator = decoder.device().getDeviceType() != null
                && !ai.djl.Device.Type.CPU.equals(decoder.device().getDeviceType());
        int every = progress.previewEvery(accelerator, request.stepsRun());
        if (every <= 0) {
            return progress::sampling;
        }
        return new SamplingProgress() {
            @Override
            public void stepDone(int done, int total) {
                progress.sampling(done, total);
            }

            @Override
            public boolean wantsEstimate(int done, int total) {
                return PreviewCadence.at(done, total, every);
            }

            @Override
            public void estimate(int done, int total, float[] x0) {
                progress.preview(done, total, previews(request, x0, feather));
            }
        };
    }

    /**
     * The estimate decoded as the finished images will be (the selection blended in), or none
     * when the estimate is not finite yet (an early guided step in FP16 may overflow; the
     * finished images are checked on their own).
     */
    private List<GeneratedImage> previews(GenerationRequest request, float[] x0, float[] feather) {
        int images = request.images();
        LatentBatch estimate = new LatentBatch(x0, request.latentSize(), stage.channels(), request.classes(),
                io.github.nitfiji.sampling.RequestNoise.seeds(request.seed(), images, request.suppliedNoise() != null));
        List<GeneratedImage> decoded = new ArrayList<>();
        try {
            for (int i = 0; i < Math.min(images, PREVIEW_IMAGES); i++) {
                decoded.add(decodeImage(estimate, i, request, feather));
            }
        } catch (NonFiniteResultException e) {
            return List.of();
        }
        return decoded;
    }

    private GeneratedImage decodeImage(LatentBatch latents, int i, GenerationRequest request, float[] feather) {
        GeneratedImage image = decode(latents, i, request.width(), request.height());
        return feather == null ? image : image.withPlanes(SelectionBlend.blend(image.planes,
                request.source().planes(), feather));
    }

    /**
     * Samples the latents of a request (the family's part of generation). From a source, the
     * stage starts at t = strength from the encoded source; at strength 0 no step runs and every
     * image's latents are the source's.
     */
    public LatentBatch sampleLatents(GenerationRequest request, SamplingProgress progress, BooleanSupplier cancelled) {
        SourceImage source = request.source();
        ImageStart start = null;
        if (source != null) {
            LatentSize size = request.latentSize();
            float[] one = encodeSource(source);
            boolean[] kept = SourceEncoding.keptTokens(source, size);
            start = new ImageStart(repeated(one, request.images()), request.strength(),
                    kept == null ? null : repeated(kept, request.images()));
        }
        return stage.sample(request, start, progress, cancelled);
    }

    /**
     * The request's source as latents x0 [h * w, channels] (scaled, row-major tokens), encoded in
     * tiles above the memory budget.
     */
    public float[] encodeSource(SourceImage source) {
        if (decoder == null) {
            throw new IllegalStateException("this pipeline has no DC-AE; load one to start from an image");
        }
        try (NDManager run = NDManager.newBaseManager(decoder.device())) {
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
        try (NDManager run = NDManager.newBaseManager(decoder.device())) {
            return decode(decoder, tiled, latents, image, width, height, run);
        }
    }

    /**
     * Image {@code image} of {@code latents} through {@code decoder} ({@code tiled} wraps it): divided by its scaling
     * factor, decoded (in tiles above its budget), checked for non-finite values, cropped to
     * width x height about the centre. Temporaries go to {@code run}.
     */
    public static GeneratedImage decode(DcAeDecoder decoder, TiledDecoder tiled, LatentBatch latents, int image, int width,
                                 int height, NDManager run) {
        LatentSize size = latents.size;
        int perImage = size.tokens() * latents.channels;
        float[] tokens = Arrays.copyOfRange(latents.values, image * perImage, (image + 1) * perImage);
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

    @Override
    public void close() {
        stage.close();
        if (decoder != null) {
            decoder.close();
        }
        if (encoder != null) {
            encoder.close();
        }
    }
}
