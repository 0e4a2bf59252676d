package io.github.nitfiji.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the NVIDIA driver without loading the engine: Linux's {@code /proc/driver/nvidia} first
 * (no process to start), else {@code nvidia-smi} (Windows and Linux install it with the driver).
 * Every failure means "no NVIDIA driver found"; this never throws.
 */
public final class NvidiaProbe {
    private static final long SMI_TIMEOUT_SECONDS = 10;

    private NvidiaProbe() {
    }

    public static Optional<NvidiaDriver> probe(HostPlatform platform) {
        if (platform.os() == HostPlatform.Os.MACOS || platform.os() == HostPlatform.Os.OTHER) {
            return Optional.empty();
        }
        Optional<NvidiaDriver> smi = fromNvidiaSmi();
        if (smi.isPresent()) {
            return smi;
        }
        return platform.os() == HostPlatform.Os.LINUX ? fromProc(platform) : Optional.empty();
    }

    private static Optional<NvidiaDriver> fromProc(HostPlatform platform) {
        Path root = Paths.get("/proc/driver/nvidia");
        try {
            String version = Files.readString(root.resolve("version"), StandardCharsets.UTF_8);
            List<String> infos = new ArrayList<>();
            Path gpus = root.resolve("gpus");
            if (Files.isDirectory(gpus)) {
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(gpus)) {
                    for (Path d : dirs) {
                        infos.add(Files.readString(d.resolve("information"), StandardCharsets.UTF_8));
                    }
                }
            }
            return NvidiaDriver.fromProc(version, infos, platform);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<NvidiaDriver> fromNvidiaSmi() {
        String table = run("nvidia-smi");
        if (table == null) {
            return Optional.empty();
        }
        String list = run("nvidia-smi", "-L");
        return NvidiaDriver.fromNvidiaSmi(table, list == null ? "" : list);
    }

    /** Output of a command, or null when it is missing, fails or hangs (a wedged GPU can hang nvidia-smi). */
    private static String run(String... command) {
        Path out = null;
        Process p = null;
        try {
            out = Files.createTempFile("nit-nvidia-smi", ".txt");
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(SMI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return null;
            }
            return p.exitValue() == 0 ? Files.readString(out, StandardCharsets.UTF_8) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    out.toFile().deleteOnExit();
                }
            }
        }
    }
}
