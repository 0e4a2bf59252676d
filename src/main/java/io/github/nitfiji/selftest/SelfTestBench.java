package io.github.nitfiji.selftest;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.cuda.CudaUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.runtime.MemoryUse;
import io.github.nitfiji.runtime.Precision;
import io.github.nitfiji.sampling.Sampler;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.SamplingProgress;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The self-test's short benchmark: NiT-XL-shaped (random weights) CFG sampling steps at 256^2,
 * 512^2 and 1024^2, batch 1 and 8, in the device's default precision: ms per step, images per
 * second for 50-step images, and peak memory (CUDA: sampled device memory in use; CPU: peak RSS).
 */
public final class SelfTestBench {
    /**
     * AUTO: {@link #forDevice}. FULL: NiT-XL (depth 28), 3 sizes x 2 batches. QUICK: depth 2, 256^2
     * batch 1 (for CI). OFF: none.
     */
    public enum Size {
        AUTO, FULL, QUICK, OFF;

        /**
         * This size, with AUTO made concrete for {@code device}: FULL on a GPU (CUDA or MPS, a
         * few minutes), QUICK on the CPU, where FULL takes over 15 minutes on 2 cores.
         */
        public Size forDevice(Device device) {
            if (this != AUTO) {
                return this;
            }
            return Device.Type.CPU.equals(device.getDeviceType()) ? QUICK : FULL;
        }
    }

    private static final int STEPS = 3;

    private SelfTestBench() {
    }

    static JsonArray run(Device device, Size chosen, Consumer<String> out) throws java.io.IOException {
        Size size = chosen.forDevice(device);
        DataType precision = Precision.AUTO.dataType(device);
        NitConfig xl = NitConfig.xl();
        int depth = size == Size.FULL ? xl.depth : 2;
        NitConfig config = new NitConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, xl.patchSize, xl.inChannels,
                xl.numClasses, xl.qkNorm);
        int[] pixels = size == Size.FULL ? new int[] {256, 512, 1024} : new int[] {256};
        int[] batches = size == Size.FULL ? new int[] {1, 8} : new int[] {1};
        out.accept(String.format(Locale.ROOT, "benchmark: NiT-XL shape, depth %d, %s, %d CFG steps after a warm-up",
                depth, Precision.id(precision), STEPS));
        out.accept("| size | batch | ms/step | images/s (50 steps) | peak memory MB |");
        out.accept("|---|---|---|---|---|");
        JsonArray rows = new JsonArray();
        try (NitTransformer model = NitTransformer.load(config, new RandomWeights(config.expectedShapes(), 42), device,
                precision, AttentionKind.FUSED, m -> { })) {
            for (int px : pixels) {
                for (int batch : batches) {
                    JsonObject row = measure(model, device, px, batch);
                    rows.add(row);
                    out.accept(String.format(Locale.ROOT, "| %d^2 | %d | %.1f | %.3f | %s |", px, batch,
                            row.get("ms_per_step").getAsDouble(), row.get("images_per_s").getAsDouble(),
                            row.has("peak_memory_mb") ? String.format(Locale.ROOT, "%.0f (%s)",
                                    row.get("peak_memory_mb").getAsDouble(), row.get("memory").getAsString())
                                    : "not measured"));
                }
            }
        }
        return rows;
    }

    private static JsonObject measure(NitTransformer model, Device device, int pixels, int batch) {
        LatentSize latent = new LatentSize(pixels / 32, pixels / 32);
        List<LatentSize> sizes = Collections.nCopies(batch, latent);
        int[] classes = new int[batch];
        Arrays.fill(classes, 207);
        long[] peak = {0};
        try (NDManager m = model.newManager()) {
            NDArray x = m.randomNormal(new Shape((long) batch * latent.tokens(), model.config().inChannels));
            SamplingProgress sampleMemory = (step, total) -> peak[0] = Math.max(peak[0], memoryInUse(device));
            new Sampler(model).sample(sizes, classes, x, null, new SamplerSettings(SamplerKind.ODE, 1, 3.0, 0, 1),
                    SamplingProgress.NONE, () -> false).toFloatArray(); // warm-up
            long start = System.nanoTime();
            new Sampler(model).sample(sizes, classes, x, null, new SamplerSettings(SamplerKind.ODE, STEPS, 3.0, 0, 1),
                    sampleMemory, () -> false).toFloatArray(); // reading the result waits for the device
            double msStep = (System.nanoTime() - start) / 1e6 / STEPS;
            JsonObject row = new JsonObject();
            row.addProperty("size", pixels);
            row.addProperty("batch", batch);
            row.addProperty("ms_per_step", msStep);
            row.addProperty("images_per_s", batch / (msStep * 50 / 1000));
            long measured = Math.max(peak[0], memoryInUse(device));
            if (measured > 0) {
                row.addProperty("peak_memory_mb", measured / 1e6);
                row.addProperty("memory", device.isGpu() ? "device, sampled per step" : "process peak RSS");
            }
            return row;
        }
    }

    /** Memory in use on the device, 0 when it cannot be measured (MPS; CUDA without the system's runtime). */
    private static long memoryInUse(Device device) {
        if (device.isGpu()) {
            try {
                return CudaUtils.getGpuMemory(device).getCommitted();
            } catch (RuntimeException | LinkageError e) {
                return 0;
            }
        }
        return device.equals(Device.cpu()) ? MemoryUse.peakResidentBytes() : 0;
    }
}
