package io.github.nitfiji.io;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 24 minors: results honour the umask; a failed write names the file and the reason in words. */
@Timeout(60)
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void resultsGetThePermissionsTheUmaskAllows() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix") && Files.isExecutable(Paths.get("/bin/sh")));
        assertEquals("rw-------", writtenUnder("077", dir.resolve("private.png")));
        assertEquals("rw-r--r--", writtenUnder("022", dir.resolve("shared.png")));
        assertEquals("rw-rw-r--", writtenUnder("002", dir.resolve("group.png")));
    }

    private String writtenUnder(String umask, Path target) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" -cp \"$1\" "
                + WriteOneFile.class.getName() + " \"$2\"", java, System.getProperty("java.class.path"),
                target.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(target));
    }

    @Test
    void aFailedWriteNamesTheFileAndTheReasonAndLeavesNothing() throws Exception {
        Path target = dir.resolve("image.png");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, f -> {
            Files.write(f, new byte[10]);
            // what ImageIO's PNG writer throws when the disk fills up
            throw new IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
        }));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": no space left on the disk"), e.getMessage());
        assertFalse(e.getMessage().contains("I/O error writing PNG"), e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.collect(Collectors.toList()), "nothing, not even a hidden part");
        }
    }

    @Test
    void aLeftoverPartNamesItsTarget() {
        assertEquals("r1-5.png", AtomicFiles.targetOf(".r1-5.png.0123456789abcdef.part"));
        assertNull(AtomicFiles.targetOf(".r1-5.png.part"));
        assertNull(AtomicFiles.targetOf("r1-5.png"));
    }
}
