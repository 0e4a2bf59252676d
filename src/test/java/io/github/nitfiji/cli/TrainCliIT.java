package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} as a user runs it, in its own JVM: Ctrl-C writes a checkpoint that resumes, and an
 * output disk that fills up while checkpointing keeps the previous checkpoint (simulated with a
 * file-size limit, {@code ulimit -f}: the write fails as on a full disk, with EFBIG instead of ENOSPC).
 */
class TrainCliIT {
    @TempDir
    Path dir;

    private List<String> command(String name, String... args) {
        List<String> c = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", CliRunner.JAR.toString(), "train", "--data", dir.resolve("data").toString(), "--base",
                "smoke-test", "--name", name, "--models-dir", dir.resolve("models").toString(), "--run",
                dir.resolve("run").toString(), "--token-budget", "16", "--rank", "2"));
        c.addAll(List.of(args));
        return c;
    }

    @Test
    void ctrlCWritesACheckpointThatResumes() throws Exception {
        TrainCommandTest.images(dir.resolve("data/cells"), 3, 64, 64, 0x204080);
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command("cells", "--steps", "100000", "--checkpoint-every", "100000"))
                .redirectOutput(out.toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(out).contains("step 5/") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "the run is still going: " + Files.readString(out));
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops after Ctrl-C");
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(130, p.exitValue(), err);
        assertTrue(err.contains("continue with --resume"), err);
        assertTrue(Files.isRegularFile(dir.resolve("run/checkpoint.safetensors")), err);
        assertFalse(Files.exists(dir.resolve("models/cells.json")), "a cancelled run installs nothing");
        Process resume = new ProcessBuilder(command("cells", "--steps", "12", "--resume")).redirectErrorStream(true).start();
        assertTrue(resume.waitFor(120, TimeUnit.SECONDS));
        String log = new String(resume.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, resume.exitValue(), log);
        assertTrue(log.contains("installed fine-tune 'cells'"), log);
    }

    @Test
    void aDiskThatFillsWhileCheckpointingKeepsThePreviousCheckpoint() throws Exception {
        TrainCommandTest.images(dir.resolve("data/cells"), 3, 64, 64, 0x204080);
        Process first = new ProcessBuilder(command("first", "--steps", "2")).redirectErrorStream(true).start();
        assertTrue(first.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        Path checkpoint = dir.resolve("run/checkpoint.safetensors");
        byte[] before = Files.readAllBytes(checkpoint);
        // files may grow to 64 KB: the loss curve fits, the checkpoint (with the optimizer state) does not
        List<String> limited = new ArrayList<>(List.of("bash", "-c", "ulimit -f 64 && exec \"$@\"", "train"));
        limited.addAll(command("second", "--steps", "4", "--resume"));
        Process second = new ProcessBuilder(limited).redirectErrorStream(true).start();
        assertTrue(second.waitFor(120, TimeUnit.SECONDS));
        String log = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, second.exitValue(), log);
        assertTrue(log.contains("nit: error: could not write the checkpoint") && log.contains("previous checkpoint is kept"),
                log);
        assertArrayEquals(before, Files.readAllBytes(checkpoint), "the previous checkpoint is intact");
        try (Stream<Path> files = Files.list(dir.resolve("run"))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".part"))
                    .collect(java.util.stream.Collectors.toList()), "no half-written file is left");
        }
        assertFalse(Files.exists(dir.resolve("models/second.json")));
    }
}
