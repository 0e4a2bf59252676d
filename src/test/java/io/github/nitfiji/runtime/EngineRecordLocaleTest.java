package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 5: an engine folder named with non-ASCII letters, recorded in a UTF-8 locale,
 * must not stop a Java in the C locale (whose file names are ASCII): status explains, reset
 * works, and a path from a flag that this locale cannot name gets a message, not a stack trace.
 */
@Timeout(120)
class EngineRecordLocaleTest {
    private static final String FOLDER = "/opt/l\u00efbtorch-\u4e2d/lib";

    @TempDir
    Path dir;

    private static Map<String, String> cLocale() {
        Map<String, String> env = new HashMap<>();
        env.put("LC_ALL", "C");
        env.put("LANG", null);
        env.put("LC_CTYPE", null);
        return env;
    }

    @Test
    void statusAndResetWorkInTheCLocale() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.write(models.resolve(EngineRecord.FILE), ("{\"folder\": \"" + FOLDER + "\", \"version\": \"2.7.1\","
                + " \"flavor\": \"cpu\", \"origin\": \"engine use\"}").getBytes(StandardCharsets.UTF_8));
        // the record as earlier versions wrote it, which a C-locale Java could not read either
        Files.writeString(models.resolve("engine.properties"), "libtorch.folder=/opt/l\\u00efbtorch/lib\n"
                + "libtorch.version=2.7.1\nlibtorch.flavor=cpu\norigin=engine use\n");

        EngineBrokenFolderTest.Run status = EngineBrokenFolderTest.Run.java(models, cLocale(),
                io.github.nitfiji.cli.Main.class.getName(), "engine", "status");
        assertEquals(0, status.exit, status.toString());
        assertTrue(status.out.contains("cannot be a file name in this Java") && status.out.contains("LC_ALL=C.UTF-8"),
                status.toString());
        assertTrue(status.out.contains("engine reset"), status.toString());
        assertFalse(status.err.contains("Exception"), status.toString());

        Path photo = dir.resolve("photo.png");
        EngineBrokenFolderTest.Run generate = EngineBrokenFolderTest.Run.java(models, cLocale(),
                io.github.nitfiji.cli.Main.class.getName(), "generate", "--init-image", "/tmp/ph\u00f6to.png",
                "--out", photo.toString());
        assertEquals(2, generate.exit, generate.toString());
        assertTrue(generate.err.contains("cannot be a file name in this Java"), generate.toString());
        assertFalse(generate.err.contains("Exception"), generate.toString());

        EngineBrokenFolderTest.Run reset = EngineBrokenFolderTest.Run.java(models, cLocale(),
                io.github.nitfiji.cli.Main.class.getName(), "engine", "reset");
        assertEquals(0, reset.exit, reset.toString());
        assertTrue(reset.out.contains("the next start uses the bundled CPU engine"), reset.toString());
        assertFalse(Files.exists(models.resolve(EngineRecord.FILE)), "the record is gone");
    }
}
