package io.github.nitfiji.model.dcae;

import io.github.nitfiji.runtime.MemoryUse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Resident memory of this process from Linux's /proc (native tensors do not show in the Java heap),
 * read by {@link MemoryUse}, and the peak reset only tests need.
 */
final class ProcessMemory {
    private static final Path CLEAR_REFS = Paths.get("/proc/self/clear_refs");

    private ProcessMemory() {
    }

    static boolean available() {
        return MemoryUse.residentBytes() >= 0 && Files.isWritable(CLEAR_REFS);
    }

    /** Starts a new peak: the kernel resets the high-water mark to the current resident size. */
    static void resetPeak() throws IOException {
        Files.write(CLEAR_REFS, "5".getBytes(StandardCharsets.US_ASCII));
    }

    static long residentBytes() {
        return MemoryUse.residentBytes();
    }

    static long peakBytes() {
        return MemoryUse.peakResidentBytes();
    }
}
