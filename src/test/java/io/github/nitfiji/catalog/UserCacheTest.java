package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, items 1 and 9: the per-user cache, and the first folder that really takes files. */
class UserCacheTest {
    private static final Path HOME = Paths.get("/home/ada");

    private static Path resolve(Map<String, String> properties, Map<String, String> environment) {
        return UserCache.resolve(properties::get, environment::get, HOME);
    }

    @Test
    void eachPlatformHasItsPerUserCacheNeverTheSharedTempFolder() {
        assertEquals(HOME.resolve(".cache/nit-fiji"), resolve(Map.of("os.name", "Linux"), Map.of()));
        assertEquals(Paths.get("/xdg/nit-fiji"), resolve(Map.of("os.name", "Linux"), Map.of("XDG_CACHE_HOME", "/xdg")));
        assertEquals(HOME.resolve("Library/Caches/nit-fiji"), resolve(Map.of("os.name", "Mac OS X"), Map.of()));
        assertEquals(Paths.get("C:/Users/ada/AppData/Local").resolve("nit-fiji"),
                resolve(Map.of("os.name", "Windows 11"), Map.of("LOCALAPPDATA", "C:/Users/ada/AppData/Local")));
        assertEquals(Paths.get("/fast/cache"), resolve(Map.of("os.name", "Linux", UserCache.PROPERTY, "/fast/cache"),
                Map.of(UserCache.ENV, "/other")));
        assertEquals(Paths.get("/other"), resolve(Map.of("os.name", "Linux"), Map.of(UserCache.ENV, "/other")));
        String temp = System.getProperty("java.io.tmpdir");
        for (String os : new String[] {"Linux", "Mac OS X", "Windows 10"}) {
            assertFalse(resolve(Map.of("os.name", os), Map.of()).startsWith(temp), os);
        }
    }

    @Test
    void aFolderThatTakesNoFilesIsSkipped(@TempDir Path dir) {
        assumeTrue(Files.isDirectory(Paths.get("/proc/self")), "Linux /proc: unwritable even for root");
        Path readOnly = Paths.get("/proc/nit-models/djl");
        Path fallback = dir.resolve("cache/djl");
        assertEquals(Optional.of(fallback), UserCache.firstWritable(List.of(readOnly, fallback)));
        assertTrue(Files.isDirectory(fallback), "created");
        assertEquals(Optional.empty(), UserCache.firstWritable(List.of(readOnly)));
    }
}
