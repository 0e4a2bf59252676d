package io.github.nitfiji.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file completely or not at all: the content goes to a temporary file beside the target,
 * which is renamed over the target only when writing succeeded and is deleted otherwise. Temporary
 * files still being written when the JVM is asked to stop (Ctrl-C, a kill) are deleted by a
 * shutdown hook, so an interrupted run leaves no hidden {@code .part} beside the results.
 */
public final class AtomicFiles {
    /** Writes the content of a file at the given path. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    /** Temporary files being written right now, for the shutdown hook. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deleteInFlight, "nit-delete-partial-files"));
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        IN_FLIGHT.add(tmp);
        try {
            content.writeTo(tmp);
            // temp files are private (rw-------); results are ordinary user files
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } finally {
                IN_FLIGHT.remove(tmp);
            }
        }
    }

    private static void deleteInFlight() {
        for (Path tmp : IN_FLIGHT) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // shutting down: nothing else can be done about it
            }
        }
    }
}
