package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorded engine choice reaches DJL before it loads, in a JVM that starts from nothing: a
 * real libtorch chosen with {@code engine use} is the one DJL loads; once that folder is gone, the
 * bundled one is loaded instead.
 */
class EngineChoiceFreshJvmTest {
    @TempDir
    Path dir;

    @Test
    void theRecordedLibtorchIsTheOneDjlLoadsInAFreshJvm() throws Exception {
        EngineSetup.loadEngine();
        Path bundled = Paths.get(LibUtils.getLibtorchPath());
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        try (Stream<Path> files = Files.list(bundled)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().contains("djl_torch")) {
                    Files.createSymbolicLink(lib.resolve(f.getFileName()), f);
                }
            }
        }
        Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cpu\n");
        Path models = dir.resolve("models");
        LibtorchIdentity id = EngineChoices.use(dir.resolve("libtorch"), models, HostPlatform.current(),
                EngineLoadCheck.CHILD_PROCESS);
        assertEquals(lib, id.folder());

        Map<String, String> chosen = runFreshJvm(models);
        assertEquals(lib.toString(), chosen.get("djl.reads.path"), "DJL reads the recorded folder before loading");
        assertEquals("cpu", chosen.get("djl.reads.flavor"));
        assertEquals(lib.toString(), chosen.get("djl.loaded"), "and loads its libtorch from there");

        try (Stream<Path> files = Files.list(lib)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Map<String, String> vanished = runFreshJvm(models);
        assertEquals("null", vanished.get("djl.reads.path"), "a vanished folder is never handed to DJL");
        assertNotEquals(lib.toString(), vanished.get("djl.loaded"));
    }

    private Map<String, String> runFreshJvm(Path models) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dnit.models.dir=" + models, "-Dai.djl.offline=true"));
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache != null) {
            cmd.add("-DDJL_CACHE_DIR=" + cache);
        }
        cmd.add(EngineChoiceProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("PYTORCH_LIBRARY_PATH");
        pb.environment().remove("PYTORCH_FLAVOR");
        Path log = dir.resolve("probe.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe JVM finished");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        Map<String, String> values = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("djl.") && eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return values;
    }
}
