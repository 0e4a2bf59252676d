package io.github.nitfiji.pipeline;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import io.github.nitfiji.Version;
import io.github.nitfiji.models.ModelsFolder;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a user (or a bug report) needs to know about this installation: engine, devices, paths, memory. */
public final class Diagnostics {
    private Diagnostics() {
    }

    /** Label -> value, in display order. Never throws: a failing probe reports its error. */
    public static Map<String, String> report() {
        EngineSetup.apply();
        Map<String, String> r = new LinkedHashMap<>();
        r.put("NiT for Fiji", Version.get());
        r.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        r.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        r.put("DJL", Engine.getDjlVersion());
        r.put("DJL offline", Utils.getEnvOrSystemProperty("ai.djl.offline", "false")
                + " (allow the CUDA libtorch download with -D" + EngineSetup.DOWNLOAD_SWITCH + "=true)");
        r.put("DJL cache (natives)", probe(() -> Utils.getEngineCacheDir("pytorch").toString()));
        r.put("PyTorch library path", String.valueOf(Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH", "(bundled)")));
        r.put("PyTorch flavour", String.valueOf(Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR", "(auto)")));
        r.put("Engine", probe(() -> {
            Engine e = Engine.getEngine("PyTorch");
            return e.getEngineName() + " " + e.getVersion();
        }));
        r.put("Devices", probe(() -> Arrays.toString(Engine.getEngine("PyTorch").getDevices())));
        r.put("GPUs", probe(() -> Integer.toString(Engine.getEngine("PyTorch").getGpuCount())));
        r.put("CUDA", probe(() -> CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : "not found"));
        r.put("Default device", probe(() -> DeviceChoice.resolve("auto", w -> { }).toString()));
        r.put("Models folder", probe(() -> {
            ModelsFolder f = ModelsFolder.resolve();
            return f.root() + " (from " + f.origin() + ")";
        }));
        Runtime rt = Runtime.getRuntime();
        r.put("Java heap", String.format("%.1f GB max, %.1f GB free", rt.maxMemory() / 1e9,
                (rt.maxMemory() - rt.totalMemory() + rt.freeMemory()) / 1e9));
        r.put("Physical memory", probe(() -> {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return String.format("%.1f GB total, %.1f GB free", os.getTotalPhysicalMemorySize() / 1e9,
                    os.getFreePhysicalMemorySize() / 1e9);
        }));
        r.put("Processors", Integer.toString(rt.availableProcessors()));
        return r;
    }

    public static String asText() {
        StringBuilder b = new StringBuilder();
        report().forEach((k, v) -> b.append(String.format("%-22s %s%n", k + ":", v)));
        return b.toString();
    }

    private static String probe(java.util.concurrent.Callable<String> value) {
        try {
            return value.call();
        } catch (Exception | LinkageError e) {
            return "unavailable (" + e + ")";
        }
    }
}
