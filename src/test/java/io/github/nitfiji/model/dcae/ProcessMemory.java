package io.github.nitfiji.model.dcae;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Resident memory of this process from Linux's /proc (native tensors do not show in the Java heap). */
final class ProcessMemory {
    private static final Path STATUS = Paths.get("/proc/self/status");

    private ProcessMemory() {
    }

    static boolean available() {
        return Files.isReadable(STATUS) && Files.isWritable(Paths.get("/proc/self/clear_refs"));
    }

    /** Starts a new peak: the kernel resets the high-water mark to the current resident size. */
    static void resetPeak() throws IOException {
        Files.write(Paths.get("/proc/self/clear_refs"), "5".getBytes(StandardCharsets.US_ASCII));
    }

    static long residentBytes() throws IOException {
        return field("VmRSS:");
    }

    static long peakBytes() throws IOException {
        return field("VmHWM:");
    }

    private static long field(String name) throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException(name + " not in " + STATUS);
    }
}
