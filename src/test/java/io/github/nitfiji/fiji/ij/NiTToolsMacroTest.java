package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "NiT Models...", "NiT Diagnostics" and "NiT Free Memory" as macros in a real headless ImageJ.
 * Headless, IJ.log writes to stdout, which these tests read.
 */
@Tag("imagej")
class NiTToolsMacroTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final HeadlessFiji imagej = HeadlessFiji.withEmptyModels(() -> dir);

    @Test
    void modelsListsAndVerifies() throws Exception {
        String list = imagej.logOf("run(\"NiT Models...\", \"action=list\");");
        assertTrue(list.contains("NiT models folder: " + dir.resolve("models")), list);
        assertTrue(list.matches("(?s).*\\nsmoke-test +nit +bundled +[0-9.]+ [kM]B +.*"), list);
        assertTrue(list.matches("(?s).*\\nnit-xl-1000k +nit +missing +~?[0-9.]+ GB +.*"), "sizes shown: " + list);
        assertTrue(list.contains("Ready: smoke-test, smoke-test-dcae"), list);
        String verify = imagej.logOf("run(\"NiT Models...\", \"action=verify model=smoke-test\");");
        assertTrue(verify.contains("in the plugin jar, verified"), verify);
    }

    @Test
    void modelDownloadInOfflineModeSaysWhatToFetchAndWhere() throws Exception {
        // the test JVM runs with -Dai.djl.offline=true, set by the user as far as the plugin knows
        HeadlessFiji.Logged download = imagej.runLogged("run(\"NiT Models...\", \"action=download"
                + " model=nit-xl-1000k\");");
        HeadlessImageJ.MacroResult r = download.result;
        assertNotNull(r.error);
        assertTrue(r.error.contains("offline mode is on") && r.error.contains("model_1000K.safetensors")
                && r.error.contains(dir.resolve("models").toString()), r.error);
        String logged = download.log;
        assertTrue(logged.contains("NiT Models: " + r.error.lines().findFirst().orElseThrow()), "in the Log, titled by"
                + " the command: " + logged);
        assertTrue(logged.contains("https://huggingface.co/") && logged.contains("action install"),
                "the URL and the manual install step, as selectable text: " + logged);
        r = imagej.runMacro("run(\"NiT Models...\", \"action=install model=nit-xl-1000k\");", null);
        assertTrue(r.error.contains("install needs file=PATH"), r.error);
        r = imagej.runMacro("run(\"NiT Models...\", \"action=remove model=smoke-test\");", null);
        assertTrue(r.error.contains("action=remove is unknown; use list, download, install, verify"), r.error);
    }

    @Test
    void diagnosticsReportEngineDevicesFoldersAndMemory() throws Exception {
        String report = imagej.logOf("run(\"NiT Diagnostics\");");
        for (String line : new String[] {"Engine: PyTorch 2.7.1", "GPUs seen by the engine: ", "CUDA: ",
                "Natives cache: ", "Models folder: " + dir.resolve("models"), "Java heap: ", "Physical memory: "}) {
            assertTrue(report.contains(line), line + " in\n" + report);
        }
    }

    @Test
    void freeMemoryReleasesTheCachedModel() throws Exception {
        imagej.logOf("run(\"NiT Generate...\", \"prompt=goldfish width=32 height=32 " + NiTGenerateMacroTest.QUICK
                .replace("steps=3", "steps=1") + "\");");
        String freed = imagej.logOf("run(\"NiT Free Memory\");");
        assertTrue(freed.contains("NiT: freed smoke-test on cpu"), freed);
        assertTrue(imagej.logOf("run(\"NiT Free Memory\");").contains("NiT: no model was loaded"));
    }
}
