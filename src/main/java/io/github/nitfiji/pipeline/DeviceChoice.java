package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
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
            return gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
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
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (!s.matches("auto|cpu|gpu|gpu:\\d{1,3}")) {
            throw new IllegalArgumentException("device '" + spec + "' is unknown; use auto, cpu, gpu or gpu:N");
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

    /** GPUs the PyTorch engine sees (loads the engine). */
    public static int gpuCount() {
        return Engine.getEngine("PyTorch").getGpuCount();
    }
}
