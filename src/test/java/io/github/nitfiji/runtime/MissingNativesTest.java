package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.cli.CommandLineDoor;
import io.github.nitfiji.fiji.FijiDoor;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 25, item 10: no natives on the class path is said in words that name the missing jar and its place. */
class MissingNativesTest {
    @Test
    void fijiWithoutItsPlatformFolderNamesTheJarAndTheFolder() {
        String m = MissingNatives.explain(EngineFacts.on(HostPlatform.LINUX_X86_64).withBundledNatives(false)
                .withFrontDoor(FijiDoor.INSTANCE)).orElseThrow();
        assertTrue(m.startsWith("PyTorch's native library for Linux x86-64"), m);
        assertTrue(m.contains("pytorch-native-cpu-2.7.1-linux-x86_64.jar in Fiji.app/jars/linux64/"), m);
        assertTrue(m.contains("Start Fiji with its launcher") && m.contains("NiT Engine..."), m);
        String mac = MissingNatives.explain(EngineFacts.on(HostPlatform.MACOS_ARM64).withBundledNatives(false)
                .withFrontDoor(FijiDoor.INSTANCE)).orElseThrow();
        assertTrue(mac.contains("pytorch-native-cpu-2.7.1-osx-aarch64.jar in Fiji.app/jars/macos-arm64/"), mac);
    }

    @Test
    void theCommandLineWithoutItsLibFolderSaysToKeepThemTogether() {
        String m = MissingNatives.explain(EngineFacts.on(HostPlatform.WINDOWS_X86_64).withBundledNatives(false)
                .withFrontDoor(CommandLineDoor.INSTANCE)).orElseThrow();
        assertTrue(m.contains("nit-cli.jar expects pytorch-native-cpu-2.7.1-win-x86_64.jar in the lib folder"), m);
        assertTrue(m.contains("engine use FOLDER"), m);
    }

    @Test
    void nothingIsAddedWhenALibraryWasThere() {
        assertEquals(Optional.empty(), MissingNatives.explain(EngineFacts.on(HostPlatform.LINUX_X86_64)));
        assertEquals(Optional.empty(), MissingNatives.explain(EngineFacts.on(HostPlatform.LINUX_X86_64)
                .withBundledNatives(false).withEnvironmentLibraryPath("/opt/libtorch/lib")));
        assertEquals(Optional.empty(), MissingNatives.explain(null));
    }
}
