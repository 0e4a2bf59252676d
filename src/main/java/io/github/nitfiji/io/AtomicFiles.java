package io.github.nitfiji.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file completely or not at all: the content goes to a hidden temporary file beside the
 * target ({@code .<name>.<16 hex digits>.part}), which is renamed over the target only when
 * writing succeeded and is deleted otherwise. Temporary files still being written when the JVM is
 * asked to stop (Ctrl-C, a kill) are deleted by a shutdown hook; one left by {@code kill -9} has a
 * name {@link #targetOf} recognises, for the next run to clean up.
 *
 * <p>The file is created with the process's own umask (as any file the user makes), never with
 * permissions chosen here. A failure names the file and the reason in words ("no space left on
 * the disk"), not a library's "I/O error writing PNG file!".
 */
public final class AtomicFiles {
    /** Writes the content of a file at the given path. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    private static final Pattern PART = Pattern.compile("\\.(.+)\\.[0-9a-f]{16}\\.part");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Temporary files being written right now, for the shutdown hook. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deleteInFlight, "nit-delete-partial-files"));
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = createPart(dir, target.getFileName().toString());
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + IoErrors.reason(e), e);
        }
        IN_FLIGHT.add(tmp);
        try {
            content.writeTo(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + IoErrors.reason(e)
                    + (IoErrors.isDiskFull(e) ? "; free some space and run again (nothing was written)"
                    : "; nothing was written"), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } finally {
                IN_FLIGHT.remove(tmp);
            }
        }
    }

    /** The file a hidden partial file was to become ({@code .x.png.<hex>.part} -> {@code x.png}), or null. */
    public static String targetOf(String partName) {
        Matcher m = PART.matcher(partName);
        return m.matches() ? m.group(1) : null;
    }

    /** A new, empty hidden file beside the target, created with the umask's permissions. */
    private static Path createPart(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + String.format("%016x", RANDOM.nextLong()) + ".part");
            try {
                return Files.createFile(tmp); // no attributes: mode 0666 less the umask, like any new file
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
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
