package io.github.nitfiji.runtime;

import io.github.nitfiji.FrontDoor;
/**
 * Everything the engine decision looks at, as plain values so the decision is a pure function
 * and every machine can be written down in a test. Built with the {@code with...} copies.
 */
public final class EngineFacts {
    /** Who is asking, so advice names the right command. */

    final HostPlatform platform;
    final NvidiaDriver driver;
    final String environmentLibraryPath;
    final EngineRecord recorded;
    /** Why the recorded folder cannot be used (gone, changed, unnameable here); null when it can. */
    final String recordedProblem;
    final boolean bundledNatives;
    final String loadedFlavor;
    final boolean offline;
    final String device;
    final FrontDoor frontDoor;
    final int engineGpus;

    private EngineFacts(HostPlatform platform, NvidiaDriver driver, String environmentLibraryPath, EngineRecord recorded,
                        String recordedProblem, boolean bundledNatives, String loadedFlavor, boolean offline,
                        String device, FrontDoor frontDoor, int engineGpus) {
        this.platform = platform;
        this.driver = driver;
        this.environmentLibraryPath = environmentLibraryPath;
        this.recorded = recorded;
        this.recordedProblem = recordedProblem;
        this.bundledNatives = bundledNatives;
        this.loadedFlavor = loadedFlavor;
        this.offline = offline;
        this.device = device;
        this.frontDoor = frontDoor;
        this.engineGpus = engineGpus;
    }

    /** A machine with no NVIDIA driver, no choice recorded, the bundled CPU natives, online, device auto. */
    public static EngineFacts on(HostPlatform platform) {
        return new EngineFacts(platform, null, null, null, null, platform.hasCpuNatives(), null, false, "auto",
                FrontDoor.UNNAMED, 0);
    }

    /** The NVIDIA driver found (null: none). */
    public EngineFacts withDriver(NvidiaDriver d) {
        return new EngineFacts(platform, d, environmentLibraryPath, recorded, recordedProblem, bundledNatives,
                loadedFlavor, offline, device, frontDoor, engineGpus);
    }

    /** {@code PYTORCH_LIBRARY_PATH} as set in the environment by the user (null: not set). */
    public EngineFacts withEnvironmentLibraryPath(String path) {
        return new EngineFacts(platform, driver, path, recorded, recordedProblem, bundledNatives, loadedFlavor,
                offline, device, frontDoor, engineGpus);
    }

    /** The recorded choice and whether its folder still holds the library. */
    public EngineFacts withRecorded(EngineRecord r, boolean folderPresent) {
        return withRecorded(r, folderPresent ? null : "is gone");
    }

    /** The recorded choice and why its folder cannot be used ("is gone", ...); null when it can. */
    public EngineFacts withRecorded(EngineRecord r, String problem) {
        return new EngineFacts(platform, driver, environmentLibraryPath, r, problem, bundledNatives, loadedFlavor,
                offline, device, frontDoor, engineGpus);
    }

    /** Whether this platform's {@code pytorch-native-cpu} jar is on the class path. */
    public EngineFacts withBundledNatives(boolean present) {
        return new EngineFacts(platform, driver, environmentLibraryPath, recorded, recordedProblem, present,
                loadedFlavor, offline, device, frontDoor, engineGpus);
    }

    /** Flavour of the libtorch loaded in this JVM ({@code cpu}, {@code cu128}); null before the engine loads. */
    public EngineFacts withLoadedFlavor(String flavor) {
        return new EngineFacts(platform, driver, environmentLibraryPath, recorded, recordedProblem, bundledNatives,
                flavor, offline, device, frontDoor, engineGpus);
    }

    public EngineFacts withOffline(boolean off) {
        return new EngineFacts(platform, driver, environmentLibraryPath, recorded, recordedProblem, bundledNatives,
                loadedFlavor, off, device, frontDoor, engineGpus);
    }

    /** The user's device choice: auto, cpu, gpu, gpu:N or mps. */
    public EngineFacts withDevice(String spec) {
        return new EngineFacts(platform, driver, environmentLibraryPath, recorded, recordedProblem, bundledNatives,
                loadedFlavor, offline, spec, frontDoor, engineGpus);
    }

    public EngineFacts withFrontDoor(FrontDoor door) {
        return new EngineFacts(platform, driver, environmentLibraryPath, recorded, recordedProblem, bundledNatives,
                loadedFlavor, offline, device, door, engineGpus);
    }

    /** GPUs the loaded engine counted itself (DJL needs the system's CUDA runtime for that; 0 without). */
    public EngineFacts withEngineGpus(int gpus) {
        return new EngineFacts(platform, driver, environmentLibraryPath, recorded, recordedProblem, bundledNatives,
                loadedFlavor, offline, device, frontDoor, gpus);
    }

    public HostPlatform platform() {
        return platform;
    }

    public NvidiaDriver driver() {
        return driver;
    }

    public EngineRecord recorded() {
        return recorded;
    }

    public String loadedFlavor() {
        return loadedFlavor;
    }

    public boolean offline() {
        return offline;
    }
}
