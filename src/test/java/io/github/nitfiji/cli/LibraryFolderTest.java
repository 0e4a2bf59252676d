package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryFolderTest {
    @TempDir
    Path dir;

    @Test
    void aCompleteLibFolderIsNoProblem() throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/a.jar"), "");
        assertEquals(Optional.empty(), LibraryFolder.problem(dir.resolve("nit-cli.jar"), List.of("lib/a.jar")));
    }

    @Test
    void missingLibrariesAreNamedWithWhereTheyBelong() throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/a.jar"), "");
        String some = LibraryFolder.problem(dir.resolve("nit-cli.jar"),
                List.of("lib/a.jar", "lib/b.jar", "lib/c.jar", "lib/d.jar", "lib/e.jar")).orElseThrow();
        assertTrue(some.startsWith("nit-cli.jar cannot start: 4 of the 5 libraries it needs are missing (" + dir
                + " lacks lib/b.jar, lib/c.jar, lib/d.jar and 1 more)."), some);
    }

    @Test
    void runningFromClassesIsNotChecked() {
        assertEquals(Optional.empty(), LibraryFolder.problem(LibraryFolderTest.class));
    }
}
