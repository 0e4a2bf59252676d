package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.LibUtils;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Issue 25, item 10: once the engine is loaded, libtorch no longer asks for NNPACK before each CPU
 * convolution (the question that logs "Could not initialize NNPACK" on CPUs without it).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows builds of libtorch have no NNPACK")
class NnpackTest {
    @Test
    void theLoadedEngineHasNnpackSwitchedOff() {
        EngineSetup.loadEngine();
        assertEquals(Optional.of(false), Nnpack.enabled(LibUtils.getLibtorchPath()), Nnpack.state());
        assertTrue(Nnpack.state().startsWith("off"), Nnpack.state());
    }
}
