import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.family.nit.NitStage;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationProgress;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationResult;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.pipeline.Pipeline;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.ExecutorChoice;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.util.List;
import java.util.Locale;

/**
 * What a preview costs (issue 25 item 5), end to end through the pipeline's preview path: the
 * same request (one image, ODE, CFG 3) runs without previews and with one after every step
 * (steps - 1 previews), and the difference in sampling time per preview is printed beside one
 * sampling step and the final decode. NiT-XL's shape (depth as given) and DC-AE f32c32, random
 * weights, FP32. A preview is the sampler's estimate copied to the host and decoded like a
 * finished image (the Fiji window then scales it down: milliseconds). Run from the repo, idle:
 *   java -cp target/nit-cli.jar src/bench/java/PreviewCost.java 256,512 28 6 cpu
 * (sizes, NiT depth, steps, device). A quick check that it runs: ... PreviewCost.java 64 1 3 cpu
 */
public final class PreviewCost {
    public static void main(String[] args) throws Exception {
        String[] sizes = (args.length > 0 ? args[0] : "256,512").split(",");
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 28;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        Device device = args.length > 3 && !args[3].equals("cpu") ? Device.fromName(args[3]) : Device.cpu();
        NitConfig xl = NitConfig.xl();
        NitConfig config = new NitConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, xl.patchSize, xl.inChannels,
                xl.numClasses, xl.qkNorm);
        DcAeConfig ae = DcAeConfig.fromJson(ModelCatalog.bundled().require("dc-ae-f32c32-sana-1.1").config().toString());
        NitTransformer nit = NitTransformer.load(config, new RandomWeights(config.expectedShapes(), 42), device,
                DataType.FLOAT32, AttentionKind.FUSED, System.err::println);
        try (Pipeline pipeline = new Pipeline(new NitStage(nit, new ExecutorChoice(Executor.EAGER, "bench")),
                DcAeDecoder.random(ae, device, DataType.FLOAT32, 42), MemoryPlan.defaultDecodeBudget(), null)) {
            run(pipeline, 64, 2, 1); // warm-up
            System.out.printf(Locale.ROOT, "device %s, NiT depth %d, %d steps, threads %d%n", device, depth, steps,
                    ai.djl.pytorch.jni.JniUtils.getNumThreads());
            System.out.println("| size | ms/step (CFG) | decode s (final image) | previews | ms per preview"
                    + " | preview / step |");
            System.out.println("|---|---|---|---|---|---|");
            for (String s : sizes) {
                int px = Integer.parseInt(s.trim());
                GenerationResult plain = run(pipeline, px, steps, 0);
                GenerationResult previewed = run(pipeline, px, steps, 1);
                double msPerStep = plain.samplingSeconds * 1000 / steps;
                double msPerPreview = (previewed.samplingSeconds - plain.samplingSeconds) * 1000 / (steps - 1);
                System.out.printf(Locale.ROOT, "| %d^2 | %.0f | %.1f | %d | %.0f | %.2f |%n", px, msPerStep,
                        plain.decodingSeconds, steps - 1, msPerPreview, msPerPreview / msPerStep);
            }
        }
    }

    private static GenerationResult run(Pipeline pipeline, int px, int steps, int every) {
        GenerationRequest request = GenerationRequest.builder().classes(207).seed(1L)
                .sampling(new SamplerSettings(SamplerKind.ODE, steps, 3.0, 0, 1)).imageSize(px, px).build();
        int[] shown = {0};
        GenerationResult result = pipeline.generate(request, new GenerationProgress() {
            @Override
            public int previewEvery(boolean accelerator, int total) {
                return every;
            }

            @Override
            public void preview(int step, int total, List<GeneratedImage> images) {
                shown[0] += images.size();
            }
        }, () -> false);
        if (every > 0 && shown[0] != steps - 1) {
            throw new IllegalStateException(shown[0] + " previews, expected " + (steps - 1));
        }
        return result;
    }
}
