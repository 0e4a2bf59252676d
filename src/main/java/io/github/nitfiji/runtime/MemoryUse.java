package io.github.nitfiji.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Peak memory of this process: Java heap, and resident set (heap + native tensors) on Linux. */
public final class MemoryUse {
    private MemoryUse() {
    }

    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** VmHWM from /proc/self/status (the resident high-water mark), or -1 where unavailable. */
    public static long peakResidentBytes() {
        return procStatus("VmHWM:");
    }

    /** VmRSS from /proc/self/status (resident now: heap, native tensors, code), or -1 where unavailable. */
    public static long residentBytes() {
        return procStatus("VmRSS:");
    }

    private static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
