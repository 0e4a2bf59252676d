package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** "NiT Engine..." as a macro in a real headless ImageJ, on this CPU-only machine. */
@Tag("imagej")
class NiTEngineMacroTest {
    @TempDir
    static Path dir;

    @RegisterExtension
    static final HeadlessFiji imagej = HeadlessFiji.withEmptyModels(() -> dir);

    @Test
    void statusSaysWhatRunsNowAndNext() throws Exception {
        String log = imagej.logOf("run(\"NiT Engine...\", \"action=status\");");
        for (String line : new String[] {"--- NiT Engine ---", "Platform: ", "NVIDIA: ",
                "Engine at next start: the bundled CPU libtorch 2.7.1", "Device for 'auto': cpu", "Next: "}) {
            assertTrue(log.contains(line), line + " in\n" + log);
        }
    }

    @Test
    void refusalsNameTheReasonAndChangeNothing() throws Exception {
        HeadlessImageJ.MacroResult r = imagej.runMacro(
                "run(\"NiT Engine...\", \"action=use folder=[" + dir + "]\");", null);
        assertNotNull(r.error);
        assertTrue(r.error.contains("holds no libtorch"), r.error);
        r = imagej.runMacro("run(\"NiT Engine...\", \"action=upgrade\");", null);
        assertTrue(r.error.contains("action=upgrade is unknown; use status, install, use, reset"), r.error);
        String reset = imagej.logOf("run(\"NiT Engine...\", \"action=reset\");");
        assertTrue(reset.contains("no engine choice was recorded"), reset);
        assertFalse(Files.exists(dir.resolve("models/engine.json")));
    }
}
