package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.cli.CommandLineDoor;
import io.github.nitfiji.fiji.FijiDoor;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every machine the engine decision must get right, one row each. */
class EngineDecisionTest {
    private static final HostPlatform LINUX = HostPlatform.LINUX_X86_64;
    private static final HostPlatform MAC = HostPlatform.MACOS_ARM64;
    private static final HostPlatform WINDOWS = HostPlatform.WINDOWS_X86_64;
    private static final NvidiaDriver H200 = new NvidiaDriver("570.124.06", 128, List.of("NVIDIA H200"));
    private static final NvidiaDriver RTX_WIN = new NvidiaDriver("572.16", 128, List.of("NVIDIA GeForce RTX 4070"));
    private static final NvidiaDriver OLD = new NvidiaDriver("470.82.01", 114, List.of("Tesla K80"));
    private static final NvidiaDriver CUDA_12_4 = new NvidiaDriver("550.54.14", 124, List.of("NVIDIA A100"));
    private static final EngineRecord CUDA_RECORD = new EngineRecord(Paths.get("/m/djl/pytorch/2.7.1-cu128-linux-x86_64"),
            "2.7.1", "cu128", "engine install");

    @Test
    void linuxWithNvidiaAndTheCpuEngineRunsOnTheCpuAndHintsOnce() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withLoadedFlavor("cpu"));
        assertEquals(EnginePlan.Source.BUNDLED, plan.source());
        assertEquals("cpu", plan.device());
        assertNotNull(plan.gpuHint());
        assertTrue(plan.gpuHint().contains("NVIDIA H200") && plan.gpuHint().contains("engine install"), plan.gpuHint());
        assertNull(plan.installRefusal());
        assertTrue(plan.nextStep().contains("engine install"), plan.nextStep());
    }

    @Test
    void fijiWordingPointsAtTheMenuCommand() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200)
                .withFrontDoor(FijiDoor.INSTANCE));
        assertTrue(plan.gpuHint().contains("Plugins > NiT > NiT Engine..."), plan.gpuHint());
        assertTrue(plan.nextStep().contains("restart Fiji"), plan.nextStep());
    }

    @Test
    void linuxWithTheRecordedCudaEngineRunsOnTheGpu() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withRecorded(CUDA_RECORD, true));
        assertEquals(EnginePlan.Source.RECORDED, plan.source());
        assertEquals(CUDA_RECORD.folder().toString(), plan.libraryPath());
        assertEquals("cu128", plan.flavor());
        assertEquals("gpu:0", plan.device());
        assertNull(plan.gpuHint());
        assertTrue(plan.nextStep().startsWith("nothing to do"), plan.nextStep());
        EnginePlan second = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withRecorded(CUDA_RECORD, true)
                .withLoadedFlavor("cu128").withDevice("gpu:1"));
        assertEquals("cpu", second.device(), "one GPU: gpu:1 does not exist");
        assertTrue(second.notices().get(0).contains("GPU 1"), second.notices().toString());
    }

    @Test
    void anInstalledButNotYetLoadedChoiceAsksForARestart() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withRecorded(CUDA_RECORD, true)
                .withLoadedFlavor("cpu").withFrontDoor(FijiDoor.INSTANCE));
        assertEquals("cpu", plan.device(), "the CPU engine is what is loaded now");
        assertTrue(plan.nextStep().contains("restart Fiji"), plan.nextStep());
    }

    @Test
    void appleSiliconUsesMps() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(MAC).withFrontDoor(CommandLineDoor.INSTANCE));
        assertEquals(EnginePlan.Source.BUNDLED, plan.source());
        assertEquals("mps", plan.device());
        assertNull(plan.gpuHint());
        assertNotNull(plan.installRefusal());
        assertTrue(plan.installRefusal().contains("no CUDA build"), plan.installRefusal());
        assertEquals("cpu", EngineDecision.decide(EngineFacts.on(MAC).withFrontDoor(CommandLineDoor.INSTANCE).withDevice("cpu")).device());
        assertEquals("mps", EngineDecision.decide(EngineFacts.on(MAC).withFrontDoor(CommandLineDoor.INSTANCE).withDevice("mps")).device());
        EnginePlan linuxMps = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDevice("mps"));
        assertEquals("cpu", linuxMps.device());
        assertTrue(linuxMps.notices().get(0).contains("Apple silicon"));
    }

    @Test
    void windowsWithNvidiaCanInstallTheCudaEngine() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(WINDOWS).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(RTX_WIN));
        assertEquals("cpu", plan.device());
        assertNull(plan.installRefusal());
        assertTrue(plan.gpuHint().contains("RTX 4070"));
        EngineRecord win = new EngineRecord(Paths.get("C:\\nit\\djl\\pytorch\\2.7.1-cu128-win-x86_64"), "2.7.1", "cu128",
                "engine install");
        assertEquals("gpu:0", EngineDecision.decide(EngineFacts.on(WINDOWS).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(RTX_WIN).withRecorded(win, true)
                .withLoadedFlavor("cu128")).device());
    }

    @Test
    void aDriverTooOldIsRefusedWithWhatToUpdate() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(OLD));
        assertNotNull(plan.installRefusal());
        assertTrue(plan.installRefusal().contains("too old") && plan.installRefusal().contains("update the NVIDIA driver"),
                plan.installRefusal());
        assertEquals(plan.installRefusal(), plan.nextStep());
        assertTrue(plan.gpuHint().contains("too old"));
        EnginePlan compatible = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(CUDA_12_4));
        assertNull(compatible.installRefusal(), "CUDA 12.4 driver runs a 12.8 build through minor-version compatibility");
        assertTrue(compatible.installWarning().contains("minor-version"), compatible.installWarning());
        assertNull(EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200)).installWarning());
    }

    @Test
    void aRecordedFolderThatVanishedFallsBackToTheBundledEngine() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withRecorded(CUDA_RECORD, false));
        assertEquals(EnginePlan.Source.BUNDLED, plan.source());
        assertNull(plan.libraryPath(), "a vanished folder is never handed to DJL");
        assertEquals("cpu", plan.device());
        assertTrue(plan.notices().get(0).contains("is gone"), plan.notices().toString());
        assertTrue(plan.nextStep().contains("engine install") && plan.nextStep().contains("engine reset"), plan.nextStep());
        EnginePlan bare = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withBundledNatives(false)
                .withRecorded(CUDA_RECORD, false));
        assertEquals(EnginePlan.Source.NONE, bare.source());
    }

    @Test
    void offlineInstallIsByHand() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withOffline(true));
        assertNull(plan.installRefusal(), "offline is not a refusal: the installer lists the files");
        assertTrue(plan.nextStep().startsWith("offline mode is on") && plan.nextStep().contains("by hand"), plan.nextStep());
    }

    @Test
    void noNvidiaNoHintAndNoInstall() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE));
        assertEquals("cpu", plan.device());
        assertNull(plan.gpuHint());
        assertTrue(plan.installRefusal().contains("no NVIDIA driver"));
        assertTrue(plan.nextStep().startsWith("nothing to do: NiT runs on the CPU"), plan.nextStep());
        assertEquals("cpu", EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDevice("gpu")).device());
    }

    @Test
    void theUsersEnvironmentWinsOverTheRecord() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withRecorded(CUDA_RECORD, true)
                .withEnvironmentLibraryPath("/opt/libtorch/lib"));
        assertEquals(EnginePlan.Source.ENVIRONMENT, plan.source());
        assertEquals("/opt/libtorch/lib", plan.libraryPath());
        assertTrue(plan.notices().get(0).contains("wins over the recorded choice"));
    }

    @Test
    void gpusTheCudaEngineCountsItselfCountEvenWithoutDriverFacts() {
        // e.g. WSL 2: no /proc/driver/nvidia and nvidia-smi off the PATH, but CUDA works
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withRecorded(CUDA_RECORD, true)
                .withLoadedFlavor("cu128").withEngineGpus(2).withDevice("gpu:1"));
        assertEquals("gpu:1", plan.device());
        assertEquals("gpu:0", EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withRecorded(CUDA_RECORD, true)
                .withLoadedFlavor("cu128").withEngineGpus(1)).device());
    }

    @Test
    void aMachineWithoutBundledNativesNeedsAnEngine() {
        HostPlatform intelMac = HostPlatform.of("Mac OS X", "x86_64");
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(intelMac).withFrontDoor(CommandLineDoor.INSTANCE));
        assertEquals(EnginePlan.Source.NONE, plan.source());
        assertTrue(plan.nextStep().contains("engine use FOLDER"), plan.nextStep());
        assertEquals("cpu", plan.device());
    }

    @Test
    void installIsOfferedOnlyWhereItHelps() {
        assertTrue(EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withLoadedFlavor("cpu")).installHelps(),
                "an NVIDIA GPU on the CPU engine");
        assertTrue(EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withRecorded(CUDA_RECORD, false))
                .installHelps(), "the recorded CUDA engine's folder is gone");
        assertFalse(EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE)).installHelps(), "no NVIDIA driver");
        assertFalse(EngineDecision.decide(EngineFacts.on(MAC).withFrontDoor(CommandLineDoor.INSTANCE)).installHelps(), "no CUDA build for macOS");
        assertFalse(EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(OLD)).installHelps(), "a driver too old");
        assertFalse(EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withRecorded(CUDA_RECORD, true))
                .installHelps(), "the CUDA engine is chosen already");
        assertFalse(EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200).withRecorded(CUDA_RECORD, true)
                .withLoadedFlavor("cpu")).installHelps(), "installed, waiting for a restart");
        assertFalse(EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE).withDriver(H200)
                .withEnvironmentLibraryPath("/opt/libtorch/lib")).installHelps(), "the user's PYTORCH_LIBRARY_PATH wins");
    }
}
