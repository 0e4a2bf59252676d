package io.github.nitfiji.robustness;

import io.github.nitfiji.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Starts an atomic write that never finishes, so a test can stop the JVM in the middle of it. */
public final class SlowWriter {
    private SlowWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Paths.get(args[0]);
        AtomicFiles.write(target, file -> {
            Files.write(file, new byte[1000]);
            System.out.println("writing " + file);
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
