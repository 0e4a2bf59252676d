package io.github.nitfiji.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Refuses a copy up front when it clearly will not fit, instead of failing at 99 % with a full disk. */
final class Space {
    private Space() {
    }

    /**
     * Why {@code bytes} more will not fit beside {@code file}, or null when they fit, the amount is
     * unknown (negative) or the free space cannot be read (then the write itself reports a full disk).
     */
    static String shortfall(Path file, long bytes) {
        if (bytes <= 0) {
            return null;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < bytes) {
                return "not enough disk space for " + file + ": it needs " + ByteSizes.format(bytes) + " more, "
                        + ByteSizes.format(free) + " is free in " + dir + ". Free some space or choose another"
                        + " folder";
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
