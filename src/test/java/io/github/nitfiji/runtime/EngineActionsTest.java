package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.fiji.FijiDoor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 25, item 9: "NiT Engine..." starts at status and offers install only where it helps. */
class EngineActionsTest {
    @Test
    void aCpuOnlyMachineIsNotOfferedTheCudaEngine() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(HostPlatform.LINUX_X86_64)
                .withFrontDoor(FijiDoor.INSTANCE));
        assertEquals(List.of("status", "use", "reset"), EngineControl.actions(plan));
        assertTrue(EngineControl.whyNoInstall(plan).startsWith("no NVIDIA driver was found"),
                EngineControl.whyNoInstall(plan));
    }

    @Test
    void anNvidiaMachineOnTheCpuEngineIsOfferedInstall() {
        EnginePlan plan = EngineDecision.decide(EngineFacts.on(HostPlatform.WINDOWS_X86_64)
                .withDriver(new NvidiaDriver("572.16", 128, List.of("NVIDIA GeForce RTX 4070"))).withLoadedFlavor("cpu"));
        assertEquals(List.of("status", "install", "use", "reset"), EngineControl.actions(plan));
        assertNull(EngineControl.whyNoInstall(plan));
    }
}
