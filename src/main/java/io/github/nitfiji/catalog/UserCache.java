package io.github.nitfiji.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The per-user cache folder: where files go that the models folder cannot (or should not) hold,
 * such as the bundled smoke-test weights extracted from the jar, or PyTorch's natives when the
 * models folder is read-only. The first that is set wins: system property {@value #PROPERTY},
 * environment variable {@value #ENV}, then the platform's own per-user cache
 * ({@code $XDG_CACHE_HOME} or {@code ~/.cache} on Linux, {@code ~/Library/Caches} on macOS,
 * {@code %LOCALAPPDATA%} on Windows), each with {@code nit-fiji} appended. Never the shared
 * system temp folder, where another user could create the folder first.
 */
public final class UserCache {
    public static final String PROPERTY = "nit.cache.dir";
    public static final String ENV = "NIT_CACHE_DIR";

    private UserCache() {
    }

    /** The folder for this JVM's user (it may not exist yet). */
    public static Path resolve() {
        return resolve(System::getProperty, System::getenv, Paths.get(System.getProperty("user.home", ".")));
    }

    /** Resolution with the lookups passed in, so tests can check each platform's rule. */
    static Path resolve(Function<String, String> properties, Function<String, String> environment, Path home) {
        String chosen = blankToNull(properties.apply(PROPERTY));
        if (chosen == null) {
            chosen = blankToNull(environment.apply(ENV));
        }
        if (chosen != null) {
            return Paths.get(chosen).toAbsolutePath();
        }
        String os = String.valueOf(properties.apply("os.name")).toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = blankToNull(environment.apply("LOCALAPPDATA"));
            return (local != null ? Paths.get(local) : home.resolve("AppData").resolve("Local")).resolve("nit-fiji");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Caches").resolve("nit-fiji");
        }
        String xdg = blankToNull(environment.apply("XDG_CACHE_HOME"));
        return (xdg != null ? Paths.get(xdg) : home.resolve(".cache")).resolve("nit-fiji");
    }

    /**
     * The first of {@code candidates} in which a file can be created, each created if missing;
     * empty when none can. A real create-and-delete test: permission bits alone miss read-only
     * mounts, ACLs and a root user on a read-only share.
     */
    public static Optional<Path> firstWritable(List<Path> candidates) {
        for (Path dir : candidates) {
            if (canWrite(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    static boolean canWrite(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".nit-write-test", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Creates {@code dir} (and parents) and, on POSIX file systems, makes it private to this user. */
    static Path privateFolder(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
