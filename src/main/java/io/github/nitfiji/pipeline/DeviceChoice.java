package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.util.Locale;
import java.util.function.Consumer;

/** Parses auto | cpu | gpu | gpu:i and resolves it against the GPUs the engine sees. */
public final class DeviceChoice {
    private DeviceChoice() {
    }

    /**
     * @param warn told when a requested GPU is missing and the run falls back to the CPU
     */
    public static Device resolve(String spec, Consumer<String> warn) {
        String s = check(spec);
        int requested;
        if (s.equals("auto")) {
            if (gpuCount() > 0) {
                return Device.gpu(0);
            }
            String reason = unusedGpuReason();
            if (reason != null) {
                warn.accept(reason + "; running on the CPU");
            }
            return Device.cpu();
        } else if (s.equals("cpu")) {
            return Device.cpu();
        } else if (s.equals("gpu")) {
            requested = 0;
        } else {
            requested = Integer.parseInt(s.substring(4));
        }
        int gpus = gpuCount();
        if (requested < gpus) {
            return Device.gpu(requested);
        }
        warn.accept("GPU " + requested + " was requested but the PyTorch engine sees " + gpus
                + " GPU(s); running on the CPU. See 'NiT Diagnostics' or the README's GPU section.");
        return Device.cpu();
    }

    /** The spec lower-cased and trimmed (null means auto), without touching the engine; throws if malformed. */
    public static String check(String spec) {
        return check(spec, "device");
    }

    /** As {@link #check(String)}, the message naming the setting {@code what}. */
    public static String check(String spec, String what) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (!s.matches("auto|cpu|gpu|gpu:\\d{1,3}")) {
            throw new IllegalArgumentException(what + " '" + spec + "' is unknown; use auto, cpu, gpu or gpu:N");
        }
        return s;
    }

    /**
     * The choices worth offering in a dialog: auto, cpu and one gpu:i per CUDA GPU. Counts GPUs
     * through the CUDA runtime, without loading the engine, so a dialog opens fast.
     */
    public static java.util.List<String> choices() {
        java.util.List<String> choices = new java.util.ArrayList<>(java.util.List.of("auto", "cpu"));
        int gpus;
        try {
            gpus = ai.djl.util.cuda.CudaUtils.getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            gpus = 0;
        }
        for (int i = 0; i < gpus; i++) {
            choices.add("gpu:" + i);
        }
        return choices;
    }

    /**
     * GPUs the loaded PyTorch library can use (loads the engine). A machine can have CUDA GPUs
     * while DJL runs the CPU-only libtorch (offline, no CUDA build fetched): those GPUs count as 0,
     * or the first tensor on them would fail.
     */
    public static int gpuCount() {
        Engine engine = Engine.getEngine("PyTorch");
        return engine.hasCapability(StandardCapabilities.CUDA) ? engine.getGpuCount() : 0;
    }

    /** Why GPUs that exist are not used, or null when there is nothing to explain. */
    public static String unusedGpuReason() {
        int present;
        try {
            present = ai.djl.util.cuda.CudaUtils.getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        if (present == 0 || gpuCount() > 0) {
            return null;
        }
        return present + " CUDA GPU(s) found, but the PyTorch library in use is CPU-only: run once with -D"
                + EngineSetup.DOWNLOAD_SWITCH + "=true (DJL fetches the CUDA libtorch) or set PYTORCH_LIBRARY_PATH";
    }
}
