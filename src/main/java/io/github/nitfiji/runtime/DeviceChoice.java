package io.github.nitfiji.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import io.github.nitfiji.ActiveFrontDoor;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Parses auto | cpu | gpu | gpu:i | mps and resolves it through {@link EngineDecision}: auto is a
 * CUDA GPU when the CUDA engine is in use, else Apple's MPS, else the CPU.
 */
public final class DeviceChoice {
    private static final AtomicBoolean HINTED = new AtomicBoolean();

    private DeviceChoice() {
    }

    /**
     * Loads the engine and resolves the spec on it.
     *
     * @param warn told when a request falls back to the CPU, and (once per JVM) when an NVIDIA GPU
     *             sits unused next to the CPU engine
     */
    public static Device resolve(String spec, Consumer<String> warn) {
        String s = check(spec);
        Engine engine = EngineSetup.loadEngine();
        EnginePlan plan = EngineDecision.decide(EngineEnvironment.facts(ActiveFrontDoor.get(), s)
                .withEngineGpus(engine.hasCapability(StandardCapabilities.CUDA) ? engine.getGpuCount() : 0));
        plan.notices().forEach(warn);
        if (plan.gpuHint() != null && HINTED.compareAndSet(false, true)) {
            warn.accept(plan.gpuHint());
        }
        String d = plan.device();
        if (d.startsWith("gpu:")) {
            int index = Integer.parseInt(d.substring(4));
            return index < gpuCount(engine) ? Device.gpu(index) : Device.cpu();
        }
        return d.equals("mps") ? Device.fromName("mps") : Device.cpu();
    }

    /** The spec lower-cased and trimmed (null means auto), without touching the engine; throws if malformed. */
    public static String check(String spec) {
        return check(spec, "device");
    }

    /** As {@link #check(String)}, the message naming the setting {@code what}. */
    public static String check(String spec, String what) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (!s.matches("auto|cpu|mps|gpu|gpu:\\d{1,3}")) {
            throw new IllegalArgumentException(what + " '" + spec + "' is unknown; use auto, cpu, gpu, gpu:N or mps");
        }
        return s;
    }

    /**
     * The choices worth offering in a dialog: auto, cpu, one gpu:i per NVIDIA GPU and mps on Apple
     * silicon. Asks the driver, not the engine, so a dialog opens fast.
     */
    public static java.util.List<String> choices() {
        java.util.List<String> choices = new java.util.ArrayList<>(java.util.List.of("auto", "cpu"));
        for (int i = 0; i < EngineEnvironment.nvidiaGpuCount(); i++) {
            choices.add("gpu:" + i);
        }
        if (io.github.nitfiji.runtime.HostPlatform.current().hasMps()) {
            choices.add("mps");
        }
        return choices;
    }

    /** GPUs the loaded PyTorch library can use (loads the engine); 0 with a CPU-only libtorch. */
    public static int gpuCount() {
        return gpuCount(EngineSetup.loadEngine());
    }

    /**
     * DJL counts GPUs through the CUDA runtime library of the system, which a machine with only the
     * NVIDIA driver (and the CUDA runtime inside the installed libtorch) does not have; the driver's
     * own count fills that gap.
     */
    private static int gpuCount(Engine engine) {
        if (!engine.hasCapability(StandardCapabilities.CUDA)) {
            return 0;
        }
        return Math.max(engine.getGpuCount(), EngineEnvironment.nvidiaGpuCount());
    }

    /** Why GPUs that exist are not used, or null when there is nothing to explain. */
    public static String unusedGpuReason() {
        EngineSetup.loadEngine();
        return EngineDecision.decide(EngineEnvironment.facts(ActiveFrontDoor.get(), "auto")).gpuHint();
    }
}
