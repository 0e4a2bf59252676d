package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "NiT Models...", "NiT Diagnostics" and "NiT Free Memory" as macros in a real headless ImageJ.
 * Headless, IJ.log writes to stdout, which these tests read.
 */
@Tag("imagej")
class NiTToolsMacroTest {
    @TempDir
    static Path dir;
    static HeadlessImageJ imagej;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("nit.models.dir", Files.createDirectories(dir.resolve("models")).toString());
        imagej = HeadlessImageJ.get();
    }

    /** Runs a macro and returns what it logged; fails if it was aborted. */
    static String logOf(String macro) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            HeadlessImageJ.MacroResult r = imagej.runMacro(macro, null);
            assertNull(r.error, r.toString());
        } finally {
            System.setOut(saved);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void modelsListsAndVerifies() throws Exception {
        String list = logOf("run(\"NiT Models...\", \"action=list\");");
        assertTrue(list.contains("NiT models folder: " + dir.resolve("models")), list);
        assertTrue(list.matches("(?s).*\\nsmoke-test +nit +bundled +[0-9.]+ [kM]B +.*"), list);
        assertTrue(list.matches("(?s).*\\nnit-xl-1000k +nit +missing +~?[0-9.]+ GB +.*"), "sizes shown: " + list);
        assertTrue(list.contains("Ready: smoke-test, smoke-test-dcae"), list);
        String verify = logOf("run(\"NiT Models...\", \"action=verify model=smoke-test\");");
        assertTrue(verify.contains("in the plugin jar, verified"), verify);
    }

    @Test
    void modelDownloadInOfflineModeSaysWhatToFetchAndWhere() throws Exception {
        // the test JVM runs with -Dai.djl.offline=true, set by the user as far as the plugin knows
        PrintStream saved = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        HeadlessImageJ.MacroResult r;
        try {
            r = imagej.runMacro("run(\"NiT Models...\", \"action=download model=nit-xl-1000k\");", null);
        } finally {
            System.setOut(saved);
        }
        assertNotNull(r.error);
        assertTrue(r.error.contains("offline mode is on") && r.error.contains("model_1000K.safetensors")
                && r.error.contains(dir.resolve("models").toString()), r.error);
        String logged = log.toString(StandardCharsets.UTF_8);
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
        String report = logOf("run(\"NiT Diagnostics\");");
        for (String line : new String[] {"Engine: PyTorch 2.7.1", "GPUs seen by the engine: ", "CUDA: ",
                "Natives cache: ", "Models folder: " + dir.resolve("models"), "Java heap: ", "Physical memory: "}) {
            assertTrue(report.contains(line), line + " in\n" + report);
        }
    }

    @Test
    void freeMemoryReleasesTheCachedModel() throws Exception {
        logOf("run(\"NiT Generate...\", \"prompt=goldfish width=32 height=32 " + NiTGenerateMacroTest.QUICK
                .replace("steps=3", "steps=1") + "\");");
        String freed = logOf("run(\"NiT Free Memory\");");
        assertTrue(freed.contains("NiT: freed smoke-test on cpu"), freed);
        assertTrue(logOf("run(\"NiT Free Memory\");").contains("NiT: no model was loaded"));
    }
}
