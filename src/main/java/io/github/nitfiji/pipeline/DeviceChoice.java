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
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        int requested;
        if (s.equals("auto")) {
            return gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        } else if (s.equals("cpu")) {
            return Device.cpu();
        } else if (s.equals("gpu")) {
            requested = 0;
        } else if (s.matches("gpu:\\d{1,3}")) {
            requested = Integer.parseInt(s.substring(4));
        } else {
            throw new IllegalArgumentException("device '" + spec + "' is unknown; use auto, cpu, gpu or gpu:N");
        }
        int gpus = gpuCount();
        if (requested < gpus) {
            return Device.gpu(requested);
        }
        warn.accept("GPU " + requested + " was requested but the PyTorch engine sees " + gpus
                + " GPU(s); running on the CPU. See 'NiT Diagnostics' or the README's GPU section.");
        return Device.cpu();
    }

    static int gpuCount() {
        return Engine.getEngine("PyTorch").getGpuCount();
    }
}
