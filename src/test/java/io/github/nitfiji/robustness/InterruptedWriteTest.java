package io.github.nitfiji.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, item 8: a JVM stopped (Ctrl-C, kill) while a result is written leaves no hidden .part behind. */
@Timeout(60)
class InterruptedWriteTest {
    @TempDir
    Path dir;

    @Test
    void stoppingTheJvmMidWriteLeavesNoPartFile() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SlowWriter.class.getName(), dir.resolve("image.png").toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("writing "), "the child started writing: " + line);
            Path part = Paths.get(line.substring("writing ".length()));
            assertTrue(Files.exists(part), "the part exists while writing");
            child.destroy(); // SIGTERM, like Ctrl-C: shutdown hooks run
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        List<String> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
        assertEquals(List.of(), left, "neither the image nor its hidden part");
    }
}
