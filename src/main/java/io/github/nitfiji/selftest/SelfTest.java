package io.github.nitfiji.selftest;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.EnumIds;
import io.github.nitfiji.Version;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.pipeline.GenerationProgress;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.MemoryPlan;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.pipeline.ModelSelection;
import io.github.nitfiji.pipeline.Pipeline;
import io.github.nitfiji.pipeline.PipelineLoader;
import io.github.nitfiji.pipeline.StageOptions;
import io.github.nitfiji.runtime.EngineSetup;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.PrecisionPlan;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A check anyone can run on their device: the golden end-to-end case that ships in the plugin
 * (the bundled smoke-test NiT and DC-AE are the golden tiny models; the reference image comes from
 * the official implementations) in FP32 against the CPU tests' bar, the same case in FP16 against
 * the FP32 result, then a short NiT-XL-shaped benchmark ({@link SelfTestBench}).
 */
public final class SelfTest {
    /** The CPU golden test's bar for the end-to-end image (10 sampler steps compound). */
    public static final double FP32_BAR = 1e-4;
    /** FP16 against this device's FP32. */
    public static final double FP16_BAR = 1e-2;
    private static final String CASES = "/selftest/dcae_tiny_cases.safetensors";

    private SelfTest() {
    }

    /**
     * Runs every check on {@code device} and reports as it goes.
     *
     * @return the report; {@code passed} is false when a golden check failed
     */
    public static JsonObject run(Device device, SelfTestBench.Size bench, Consumer<String> out)
            throws IOException, ModelException {
        Engine engine = EngineSetup.loadEngine();
        JsonObject report = new JsonObject();
        report.addProperty("version", Version.get());
        report.addProperty("engine", engine.getEngineName() + " " + engine.getVersion());
        report.addProperty("libtorch", ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
        report.addProperty("device", device.toString());
        out.accept("NiT self-test on " + device + " with " + engine.getEngineName() + " " + engine.getVersion()
                + " (" + ai.djl.pytorch.jni.LibUtils.getLibtorchPath() + ")");
        JsonArray checks = new JsonArray();
        boolean passed;
        Path cases = extractCases();
        try (SafetensorsFile golden = SafetensorsFile.open(cases)) {
            float[] noise = golden.readFloats("e2e.noise");
            float[] reference = golden.readFloats("e2e.image_f");
            ModelSelection models = ModelFamilies.byId(ModelStore.openDefault(), ModelFamilies.SMOKE_TEST_MODEL, null);
            float[] fp32 = endToEnd(models, device, DataType.FLOAT32, noise);
            double fp32Error = relativeError(fp32, reference);
            passed = record(checks, "fp32 end-to-end vs official pipeline", fp32Error, FP32_BAR, out);
            try {
                float[] fp16 = endToEnd(models, device, DataType.FLOAT16, noise);
                passed &= record(checks, "fp16 end-to-end vs fp32", relativeError(fp16, fp32), FP16_BAR, out);
            } catch (RuntimeException e) {
                if (!device.equals(Device.cpu())) {
                    throw e;
                }
                out.accept("  fp16: not supported by this CPU libtorch (" + e.getMessage() + "); FP16 is for GPUs");
            }
        } finally {
            Files.deleteIfExists(cases);
        }
        report.add("checks", checks);
        report.addProperty("passed", passed);
        SelfTestBench.Size size = bench.forDevice(device);
        report.addProperty("bench", EnumIds.id(size));
        if (size != SelfTestBench.Size.OFF) {
            if (bench == SelfTestBench.Size.AUTO) {
                out.accept("benchmark: " + EnumIds.id(size) + " (the default on " + (size == SelfTestBench.Size.QUICK
                        ? "the CPU; --bench full times the NiT-XL sizes, over 15 minutes on 2 cores)" : "a GPU)"));
            }
            report.add("benchmark", SelfTestBench.run(device, size, out));
        }
        out.accept(passed ? "self-test passed" : "self-test FAILED: this device does not reproduce the reference");
        return report;
    }

    private static float[] endToEnd(ModelSelection models, Device device, DataType precision, float[] noise)
            throws IOException {
        StageOptions options = new StageOptions(device, PrecisionPlan.uniform(precision), AttentionKind.EAGER,
                Executor.AUTO, MemoryPlan.defaultBudget());
        try (Pipeline pipeline = PipelineLoader.load(models, options, MemoryPlan.defaultDecodeBudget(), m -> { })) {
            GenerationRequest request = GenerationRequest.builder().classes(207).latentSize(new LatentSize(3, 4))
                    .sampling(new SamplerSettings(SamplerKind.ODE, 10, 3.0, 0.0, 0.7)).noise(noise).build();
            return pipeline.generate(request, GenerationProgress.NONE, () -> false).images.get(0).planes;
        }
    }

    private static boolean record(JsonArray checks, String name, double error, double bar, Consumer<String> out) {
        boolean ok = error < bar;
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("relative_error", error);
        c.addProperty("bar", bar);
        c.addProperty("passed", ok);
        checks.add(c);
        out.accept(String.format(Locale.ROOT, "  %-40s relative error %.2e (bar %.0e): %s", name, error, bar,
                ok ? "ok" : "FAILED"));
        return ok;
    }

    /** ||a - b|| / ||b||, in double; NaN anywhere fails. */
    static double relativeError(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            diff += d * d;
            norm += (double) b[i] * b[i];
        }
        double e = Math.sqrt(diff / norm);
        return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
    }

    private static Path extractCases() throws IOException {
        Path tmp = Files.createTempFile("nit-selftest", ".safetensors");
        try (InputStream in = SelfTest.class.getResourceAsStream(CASES)) {
            if (in == null) {
                throw new IOException("the plugin jar lacks " + CASES + " (a broken build?)");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }
}
