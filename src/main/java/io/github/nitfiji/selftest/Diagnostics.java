package io.github.nitfiji.selftest;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import io.github.nitfiji.Version;
import io.github.nitfiji.catalog.ModelsFolder;
import io.github.nitfiji.pipeline.PipelineCache;
import io.github.nitfiji.runtime.CpuFeatures;
import io.github.nitfiji.runtime.CpuThreads;
import io.github.nitfiji.runtime.DeviceChoice;
import io.github.nitfiji.runtime.EngineControl;
import io.github.nitfiji.runtime.EngineSetup;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.ExecutorChoice;
import io.github.nitfiji.runtime.Nnpack;
import io.github.nitfiji.runtime.Precision;
import io.github.nitfiji.runtime.PrecisionPlan;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to look at when generation does not start or is slow: the engine and its version, the
 * devices it sees, CUDA, where natives and models live, and how much memory there is. Every
 * line is best effort: a failing probe reports its error instead of ending the report.
 */
public final class Diagnostics {
    private Diagnostics() {
    }

    /** The report as "label: value" lines. */
    public static List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add("NiT for Fiji: " + Version.get());
        lines.add("Java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        lines.add("DJL: " + Engine.getDjlVersion() + ", offline mode " + Utils.isOfflineMode());
        try {
            Engine engine = EngineSetup.loadEngine();
            lines.add("Engine: " + engine.getEngineName() + " " + engine.getVersion());
            int gpus = engine.getGpuCount();
            lines.add("GPUs seen by the engine: " + gpus);
            StringBuilder devices = new StringBuilder();
            for (Device d : engine.getDevices()) {
                devices.append(devices.length() == 0 ? "" : ", ").append(d);
            }
            lines.add("Devices: " + devices);
            lines.add("Usable GPUs: " + DeviceChoice.gpuCount()
                    + (DeviceChoice.unusedGpuReason() == null ? "" : " (" + DeviceChoice.unusedGpuReason() + ")"));
            lines.add("PyTorch library: " + ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
            Device auto = DeviceChoice.gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
            lines.add("Executor for auto on " + auto + ": " + ExecutorChoice.resolve(Executor.AUTO, auto)
                    + "; choose with --executor / executor=auto|eager|script");
            lines.add("Threads: " + CpuThreads.describe());
            lines.add("NNPACK: " + Nnpack.state());
            CpuFeatures cpu = CpuFeatures.host();
            lines.add("CPU bfloat16 units: " + cpu.describe());
            lines.add("Precision for auto on the CPU: " + PrecisionPlan.of(Precision.AUTO, Device.cpu(), cpu).id()
                    + "; choose with --precision / precision=auto|fp32|fp16|bf16");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            lines.add("Engine: PyTorch failed to load: " + e.getMessage());
        }
        try {
            for (String line : EngineControl.status()) {
                lines.add("Engine choice: " + line);
            }
            String hint = DeviceChoice.unusedGpuReason();
            if (hint != null) {
                lines.add("GPU: " + hint);
            }
        } catch (RuntimeException e) {
            lines.add("Engine choice: cannot tell (" + e.getMessage() + ")");
        }
        try {
            boolean cuda = CudaUtils.hasCuda();
            lines.add("CUDA: " + (cuda ? "available, version " + CudaUtils.getCudaVersionString()
                    + ", " + CudaUtils.getGpuCount() + " GPU(s)" : "not available (no CUDA driver/runtime found)"));
            for (int i = 0; cuda && i < CudaUtils.getGpuCount(); i++) {
                MemoryUsage m = CudaUtils.getGpuMemory(Device.gpu(i));
                lines.add("  gpu:" + i + ": compute capability " + CudaUtils.getComputeCapability(i) + ", "
                        + gb(m.getMax() - m.getCommitted()) + " free of " + gb(m.getMax()));
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            lines.add("CUDA: probe failed: " + e.getMessage());
        }
        lines.add("Natives cache: " + Utils.getEngineCacheDir() + describeEnv("DJL_CACHE_DIR"));
        EngineSetup.cacheNotice().ifPresent(n -> lines.add("  note: " + n));
        String libtorch = System.getenv("PYTORCH_LIBRARY_PATH");
        if (libtorch != null) {
            lines.add("PYTORCH_LIBRARY_PATH: " + libtorch + describeEnv("PYTORCH_FLAVOR"));
        }
        lines.add("Models folder: " + ModelsFolder.resolve());
        PipelineCache.Key cached = PipelineCache.shared().cached();
        lines.add("Loaded model: " + (cached == null ? "none" : cached));
        String executor = PipelineCache.shared().cachedExecutor();
        if (executor != null) {
            lines.add("Executor in use: " + executor);
        }
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        lines.add("Java heap: " + gb(used) + " used, " + gb(rt.maxMemory()) + " max");
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
            lines.add("Physical memory: " + gb(sun.getFreePhysicalMemorySize()) + " free of "
                    + gb(sun.getTotalPhysicalMemorySize()));
        }
        return lines;
    }

    private static String describeEnv(String name) {
        String value = System.getenv(name);
        return value == null ? " (" + name + " not set)" : " (" + name + "=" + value + ")";
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
