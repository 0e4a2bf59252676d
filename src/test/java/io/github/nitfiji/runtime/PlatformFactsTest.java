package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Platform names and NVIDIA driver facts, parsed from the text the tools really print. */
class PlatformFactsTest {
    @Test
    void platformsAreNamedTheWaysDjlAndFijiNameThem() {
        HostPlatform linux = HostPlatform.of("Linux", "amd64");
        assertEquals("linux-x86_64", linux.classifier());
        assertEquals("linux64", linux.fijiFolder());
        HostPlatform mac = HostPlatform.of("Mac OS X", "aarch64");
        assertEquals("osx-aarch64", mac.classifier());
        assertEquals("macos-arm64", mac.fijiFolder());
        assertTrue(mac.hasMps());
        HostPlatform win = HostPlatform.of("Windows 11", "amd64");
        assertEquals("win-x86_64", win.classifier());
        assertEquals("win64", win.fijiFolder());
        assertEquals("torch.dll", win.torchLibraryName());
        assertTrue(win.hasCudaBuild() && linux.hasCudaBuild() && !mac.hasCudaBuild());
    }

    @Test
    void nvidiaSmiGivesDriverCudaAndGpus() {
        String table = "Fri Nov 27 10:00:00 2026\n"
                + "+-----------------------------------------------------------------------------------------+\n"
                + "| NVIDIA-SMI 570.124.06             Driver Version: 570.124.06     CUDA Version: 12.8     |\n"
                + "|-----------------------------------------+------------------------+----------------------+\n";
        String list = "GPU 0: NVIDIA H200 (UUID: GPU-1b2c)\nGPU 1: NVIDIA H200 (UUID: GPU-3d4e)\n";
        NvidiaDriver d = NvidiaDriver.fromNvidiaSmi(table, list).orElseThrow();
        assertEquals("570.124.06", d.version());
        assertEquals(128, d.cuda());
        assertEquals(List.of("NVIDIA H200", "NVIDIA H200"), d.gpus());
        assertTrue(NvidiaDriver.fromNvidiaSmi("NVIDIA-SMI has failed because it couldn't communicate", "").isEmpty());
    }

    @Test
    void procGivesTheDriverAndTheTableGivesItsCuda() {
        String version = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC 2024\n"
                + "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n";
        String info = "Model: \t\t NVIDIA A100-SXM4-80GB\nIRQ:   \t\t 133\n";
        NvidiaDriver d = NvidiaDriver.fromProc(version, List.of(info), HostPlatform.LINUX_X86_64).orElseThrow();
        assertEquals("550.54.14", d.version());
        assertEquals(124, d.cuda());
        assertEquals(List.of("NVIDIA A100-SXM4-80GB"), d.gpus());
        String open = "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.86.15  Release Build\n";
        assertEquals(128, NvidiaDriver.fromProc(open, List.of(), HostPlatform.LINUX_X86_64).orElseThrow().cuda());
        assertEquals(0, NvidiaDriver.cudaForDriver("470.82.01", HostPlatform.LINUX_X86_64));
        assertEquals(120, NvidiaDriver.cudaForDriver("528.02", HostPlatform.WINDOWS_X86_64));
        assertEquals(118, NvidiaDriver.cudaForDriver("525.60.12", HostPlatform.LINUX_X86_64));
    }
}
