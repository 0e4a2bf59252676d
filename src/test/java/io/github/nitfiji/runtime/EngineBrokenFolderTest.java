package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 3, with real libraries in fresh JVMs: {@code engine use} on a libtorch folder
 * whose {@code libtorch_cpu.so} is cut in half, or whose {@code libtorch.so} is random bytes,
 * leaves the recorded engine as it was and says which folder failed and how; a recorded folder
 * damaged afterwards is never handed to the engine, so no recorded setting can crash the JVM.
 */
@Timeout(600)
class EngineBrokenFolderTest {
    @TempDir
    static Path dir;
    private static Path bundled;
    private static Path halfLibtorchCpu;

    @BeforeAll
    static void bundledLibraries() throws IOException {
        EngineSetup.loadEngine();
        bundled = Paths.get(LibUtils.getLibtorchPath());
        Path whole = bundled.resolve("libtorch_cpu.so");
        halfLibtorchCpu = dir.resolve("libtorch_cpu-half.so");
        try (FileChannel in = FileChannel.open(whole); FileChannel out = FileChannel.open(halfLibtorchCpu,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long half = in.size() / 2;
            for (long done = 0; done < half; ) {
                done += in.transferTo(done, half - done, out);
            }
        }
    }

    /** A pytorch.org-style libtorch folder made of links to the bundled libraries. */
    private static Path libtorch(String name) throws IOException {
        Path lib = Files.createDirectories(dir.resolve(name).resolve("lib"));
        try (Stream<Path> files = Files.list(bundled)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().contains("djl_torch")) {
                    Files.createSymbolicLink(lib.resolve(f.getFileName()), f);
                }
            }
        }
        Files.writeString(dir.resolve(name).resolve("build-version"), "2.7.1+cpu\n");
        return dir.resolve(name);
    }

    private static void replace(Path link, Path target) throws IOException {
        Files.delete(link);
        Files.createSymbolicLink(link, target);
    }

    @Test
    void engineUseOnABrokenFolderChangesNothingAndSaysWhatFailed() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models-use"));
        Path record = models.resolve(EngineRecord.FILE);
        Files.writeString(record, "{\"folder\": \"/opt/previous/libtorch/lib\", \"version\": \"2.7.1\", \"flavor\": \"cpu\","
                + " \"origin\": \"engine use\"}");
        byte[] before = Files.readAllBytes(record);

        Path half = libtorch("half");
        replace(half.resolve("lib/libtorch_cpu.so"), halfLibtorchCpu);
        Run cut = Run.cli(models, "engine", "use", half.toString());
        assertEquals(1, cut.exit, cut.toString());
        assertTrue(cut.err.contains("cannot use " + half.resolve("lib")), cut.toString());
        assertTrue(cut.err.contains("crashed the test process") || cut.err.contains("loading it failed"), cut.toString());
        assertTrue(cut.err.contains("Nothing was recorded") && cut.err.contains("engine reset"), cut.toString());

        Path random = libtorch("random");
        byte[] noise = new byte[65536];
        new Random(24).nextBytes(noise);
        Files.delete(random.resolve("lib/libtorch.so"));
        Files.write(random.resolve("lib/libtorch.so"), noise);
        Run garbage = Run.cli(models, "engine", "use", random.toString());
        assertEquals(1, garbage.exit, garbage.toString());
        assertTrue(garbage.err.contains("cannot use " + random.resolve("lib") + ": loading it failed"), garbage.toString());

        assertArrayEquals(before, Files.readAllBytes(record), "the recorded engine is unchanged");
        try (Stream<Path> left = Files.list(models)) {
            assertEquals(List.of(record), left.filter(p -> !p.getFileName().toString().equals("djl"))
                    .collect(java.util.stream.Collectors.toList()), "no crash report, no half-written record");
        }
    }

    @Test
    void aRecordedFolderDamagedAfterwardsIsNeverHandedToTheEngine() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models-later"));
        Path good = libtorch("good");
        Run use = Run.cli(models, "engine", "use", good.toString());
        assertEquals(0, use.exit, use.toString());

        replace(good.resolve("lib/libtorch_cpu.so"), halfLibtorchCpu);
        Run probe = Run.java(models, Map.of(), EngineChoiceProbe.class.getName());
        assertEquals(0, probe.exit, "no JVM crash: " + probe);
        assertTrue(probe.out.contains("djl.reads.path=null"), probe.toString());
        assertFalse(probe.out.contains("djl.loaded=" + good.resolve("lib")), probe.toString());

        Run status = Run.cli(models, "engine", "status");
        assertEquals(0, status.exit, status.toString());
        assertTrue(status.out.contains("changed since it was checked (libtorch_cpu.so changed"), status.toString());
        assertTrue(status.out.contains("engine reset"), status.toString());
    }

    /** A command in a fresh JVM with this test's class path. */
    static final class Run {
        final int exit;
        final String out;
        final String err;

        private Run(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        static Run cli(Path models, String... args) throws Exception {
            String[] all = new String[args.length + 1];
            all[0] = io.github.nitfiji.cli.Main.class.getName();
            System.arraycopy(args, 0, all, 1, args.length);
            return java(models, Map.of(), all);
        }

        static Run java(Path models, Map<String, String> env, String... mainAndArgs) throws Exception {
            List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "-Dnit.models.dir=" + models,
                    "-Dai.djl.offline=true"));
            String cache = System.getProperty("DJL_CACHE_DIR");
            if (cache != null) {
                command.add("-DDJL_CACHE_DIR=" + cache);
            }
            command.addAll(List.of(mainAndArgs));
            ProcessBuilder pb = new ProcessBuilder(command).directory(models.toFile());
            pb.environment().remove("PYTORCH_LIBRARY_PATH");
            pb.environment().remove("PYTORCH_FLAVOR");
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getValue() == null) {
                    pb.environment().remove(e.getKey());
                } else {
                    pb.environment().put(e.getKey(), e.getValue());
                }
            }
            Path out = Files.createTempFile("nit-run", ".out");
            Path err = Files.createTempFile("nit-run", ".err");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("did not finish: " + command);
                }
                return new Run(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                        new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }
}
