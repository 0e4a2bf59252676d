package io.github.nitfiji.pipeline.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Image-to-image end to end with the real architectures (NiT-XL shape, DC-AE f32c32) and random
 * weights: encode a square source, sample from t = strength, decode. One image per size, the
 * fast preset's 50-step ODE with CFG 3.0 on [0, 0.7] at strength 0.6 (30 steps run).
 */
public final class ImageToImageTiming {
    public static final SamplerSettings SAMPLER = new SamplerSettings(SamplerKind.ODE, 50, 3.0, 0, 0.7);
    public static final double STRENGTH = 0.6;

    public final int pixels;
    public final double encodeSeconds;
    public final double sampleSeconds;
    public final double decodeSeconds;
    public final double totalSeconds;
    public final double peakResidentMb;

    private ImageToImageTiming(int pixels, double encodeSeconds, double sampleSeconds, double decodeSeconds,
                               double totalSeconds, double peakResidentMb) {
        this.pixels = pixels;
        this.encodeSeconds = encodeSeconds;
        this.sampleSeconds = sampleSeconds;
        this.decodeSeconds = decodeSeconds;
        this.totalSeconds = totalSeconds;
        this.peakResidentMb = peakResidentMb;
    }

    /** Times each square size once, after a warm-up encode (which also loads the encoder). */
    public static List<ImageToImageTiming> measure(int[] sizes, NitConfig nitConfig, Device device,
                                                   DataType precision, AttentionKind attention, Consumer<String> warn)
            throws ModelException, IOException {
        DcAeConfig ae = DcAeConfig.fromJson(ModelCatalog.bundled().require(DecodeTiming.DECODER).config().toString());
        NitTransformer nit = NitTransformer.load(nitConfig, new RandomWeights(nitConfig.expectedShapes(), 42), device,
                precision, attention, warn);
        List<ImageToImageTiming> rows = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(nit, DcAeDecoder.random(ae, device, precision, 42),
                MemoryPlan.defaultDecodeBudget(), () -> DcAeEncoder.random(ae, device, precision, 43))) {
            for (int px : sizes) {
                SourceImage source = gradient(px);
                pipeline.encodeSource(source);
                long start = System.nanoTime();
                pipeline.encodeSource(source);
                double encode = (System.nanoTime() - start) / 1e9;
                GenerationRequest request = GenerationRequest.builder().classes(207).seed(1L).source(source)
                        .strength(STRENGTH).sampler(SAMPLER).build();
                start = System.nanoTime();
                GenerationResult result = pipeline.generate(request, GenerationProgress.NONE, () -> false);
                double total = (System.nanoTime() - start) / 1e9;
                // the generation's sampling time includes its own encode of the source
                rows.add(new ImageToImageTiming(px, encode, result.samplingSeconds - encode, result.decodingSeconds,
                        total, MemoryUse.peakResidentBytes() / 1e6));
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
