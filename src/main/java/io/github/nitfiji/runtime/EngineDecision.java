package io.github.nitfiji.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one decision over a machine's facts: which libtorch the next engine start loads, which
 * device a request resolves to, whether the CUDA engine can be installed, and the advice to give.
 * Pure: no I/O, no engine; {@link EngineFacts} carries everything.
 *
 * <p>{@code auto} is a CUDA GPU when the CUDA engine is in use, else Apple's MPS, else the CPU. An
 * NVIDIA GPU next to the CPU engine earns one hint line pointing at "NiT Engine..." /
 * {@code engine install}.
 */
public final class EngineDecision {
    /** CUDA 12.0: the oldest driver that runs a CUDA 12.8 build (through minor-version compatibility). */
    static final int MIN_DRIVER_CUDA = 120;
    /** CUDA 12.8: the driver the CUDA libtorch was built for. */
    static final int BUILT_FOR_CUDA = 128;

    private EngineDecision() {
    }

    public static EnginePlan decide(EngineFacts f) {
        List<String> notices = new ArrayList<>();
        EnginePlan.Source source;
        String path = null;
        String flavor;
        boolean vanished = f.recorded != null && f.recordedProblem != null;
        if (f.environmentLibraryPath != null) {
            source = EnginePlan.Source.ENVIRONMENT;
            path = f.environmentLibraryPath;
            flavor = f.recorded != null && path.equals(String.valueOf(f.recorded.folder())) ? f.recorded.flavor() : null;
            if (f.recorded != null && flavor == null) {
                notices.add("PYTORCH_LIBRARY_PATH is set in the environment (" + path + "); it wins over the recorded "
                        + "choice " + f.recorded.folderText());
            }
        } else if (f.recorded != null && !vanished) {
            source = EnginePlan.Source.RECORDED;
            path = f.recorded.folder().toString();
            flavor = f.recorded.flavor();
        } else {
            source = f.bundledNatives ? EnginePlan.Source.BUNDLED : EnginePlan.Source.NONE;
            flavor = f.bundledNatives ? LibtorchIdentity.CPU_FLAVOR : null;
        }
        if (vanished) {
            notices.add("the recorded engine folder " + f.recorded.folderText() + " " + f.recordedProblem + "; "
                    + (f.bundledNatives ? "using the bundled CPU engine" : "no engine is left to load"));
        }
        String inUse = f.loadedFlavor != null ? f.loadedFlavor : flavor;
        boolean cudaInUse = inUse != null && inUse.startsWith("cu");
        int gpus = Math.max(f.engineGpus, f.driver == null ? 0 : Math.max(1, f.driver.gpus().size()));
        String device = resolveDevice(f, cudaInUse, gpus, notices);

        String refusal = installRefusal(f);
        String warning = refusal == null && f.driver.cuda() != 0 && f.driver.cuda() < BUILT_FOR_CUDA
                ? f.driver + " is older than CUDA 12.8's (570 or newer); the CUDA engine runs on it through CUDA "
                + "minor-version compatibility. If it fails to start, update the NVIDIA driver." : null;
        String hint = null;
        if (f.driver != null && !cudaInUse) {
            hint = "NVIDIA GPU found (" + describe(f.driver) + ") but NiT runs on the CPU: "
                    + (refusal == null ? "to use the GPU, " + f.frontDoor.installEngine() : refusal);
        }
        String next = nextStep(f, source, vanished, refusal, cudaInUse, flavor, device);
        // installing helps an NVIDIA machine whose next start loads no CUDA engine (its folder may be
        // gone); not one where the user's PYTORCH_LIBRARY_PATH wins anyway
        boolean installHelps = refusal == null && source != EnginePlan.Source.ENVIRONMENT
                && (flavor == null || !flavor.startsWith("cu"));
        return new EnginePlan(source, path, flavor, device, notices, hint, next, refusal, warning, installHelps,
                f.frontDoor);
    }

    private static String resolveDevice(EngineFacts f, boolean cudaInUse, int gpus, List<String> notices) {
        String spec = f.device == null ? "auto" : f.device.trim().toLowerCase(Locale.ROOT);
        if (spec.equals("cpu")) {
            return "cpu";
        }
        if (spec.equals("auto")) {
            return cudaInUse && gpus > 0 ? "gpu:0" : f.platform.hasMps() ? "mps" : "cpu";
        }
        if (spec.equals("mps")) {
            if (f.platform.hasMps()) {
                return "mps";
            }
            notices.add("mps (Apple's Metal GPU) exists only on macOS with Apple silicon; running on the CPU");
            return "cpu";
        }
        int index = spec.equals("gpu") ? 0 : Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
        if (cudaInUse && index < gpus) {
            return "gpu:" + index;
        }
        notices.add("GPU " + index + " was requested but " + (cudaInUse ? "the machine has " + gpus + " NVIDIA GPU(s)"
                : "the engine in use is CPU-only") + "; running on the CPU");
        return "cpu";
    }

    private static String installRefusal(EngineFacts f) {
        if (!f.platform.hasCudaBuild()) {
            return "there is no CUDA build of libtorch " + LibtorchIdentity.VERSION + " for " + f.platform
                    + (f.platform.hasMps() ? "; NiT uses Apple's GPU (MPS) here by itself" : "");
        }
        if (f.driver == null) {
            return "no NVIDIA driver was found (nvidia-smi"
                    + (f.platform.os() == HostPlatform.Os.LINUX ? ", /proc/driver/nvidia" : "") + "): install the NVIDIA "
                    + "driver (570 or newer) first";
        }
        if (f.driver.cuda() != 0 && f.driver.cuda() < MIN_DRIVER_CUDA) {
            return f.driver + " is too old for the CUDA 12.8 engine (it needs a driver for CUDA 12: 525.60.13 or newer "
                    + "on Linux, 527.41 on Windows; 570 or newer is best): update the NVIDIA driver";
        }
        return null;
    }

    private static String nextStep(EngineFacts f, EnginePlan.Source source, boolean vanished, String refusal,
                                   boolean cudaInUse, String nextFlavor, String device) {
        String restart = f.frontDoor.restart();
        if (vanished) {
            String again = f.recorded.origin().equals("engine use")
                    ? "check it again (" + f.frontDoor.useEngineFolder(f.recorded.folderText()) + "), or "
                    : refusal == null ? f.frontDoor.installEngine() + " again, or " : "";
            return "the engine folder recorded by '" + f.recorded.origin() + "' " + f.recordedProblem + ": " + again
                    + "reset the choice (" + f.frontDoor.resetEngine() + ")";
        }
        if (source == EnginePlan.Source.NONE) {
            return "no PyTorch library for " + f.platform + " is bundled or installed: "
                    + (f.platform.hasCudaBuild() && refusal == null ? f.frontDoor.installEngine() + ", or " : "")
                    + "name a libtorch " + LibtorchIdentity.VERSION + " folder (" + f.frontDoor.useEngine() + ")";
        }
        if (f.loadedFlavor != null && nextFlavor != null && !f.loadedFlavor.equals(nextFlavor)) {
            return "the engine choice changed; " + restart + " to load it (an engine loads once per Java process)";
        }
        if (f.driver != null && !cudaInUse) {
            if (refusal != null) {
                return refusal;
            }
            return (f.offline ? "offline mode is on: " + f.frontDoor.installEngine() + " lists the files to download by hand"
                    : f.frontDoor.installEngine()) + ", then " + restart;
        }
        return "nothing to do: NiT runs on " + deviceName(device);
    }

    private static String deviceName(String device) {
        return device.equals("mps") ? "Apple's GPU (mps)" : device.startsWith("gpu") ? "the NVIDIA GPU (" + device + ")"
                : "the CPU";
    }

    private static String describe(NvidiaDriver d) {
        return (d.gpus().isEmpty() ? "" : String.join(", ", d.gpus()) + ", ") + "driver " + d.version();
    }

}
