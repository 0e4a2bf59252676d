package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engine use} checks version and flavour before recording anything; {@code engine reset} forgets. */
class EngineChoicesTest {
    private static final HostPlatform LINUX = HostPlatform.LINUX_X86_64;
    /** The folders here hold one-byte stand-ins for libtorch; loading is tested in EngineLoadCheckTest. */
    private static final LoadCheck STAND_IN = id -> null;

    @TempDir
    Path dir;

    private Path pytorchOrgArchive(String buildVersion) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        Files.write(lib.resolve("libtorch.so"), new byte[] {1});
        Files.writeString(dir.resolve("libtorch/build-version"), buildVersion + "\n");
        return dir.resolve("libtorch");
    }

    @Test
    void pytorchOrgsCudaArchiveIsAccepted() throws Exception {
        LibtorchIdentity id = EngineChoices.use(pytorchOrgArchive("2.7.1+cu128"), dir.resolve("models"), LINUX, STAND_IN);
        assertEquals(dir.resolve("libtorch/lib"), id.folder());
        assertEquals("cu128", id.flavor());
        EngineRecord r = EngineRecord.read(dir.resolve("models"));
        assertEquals(id.folder(), r.folder());
        assertEquals("engine use", r.origin());
        assertEquals(r.folder(), EngineChoices.reset(dir.resolve("models")).folder());
        assertNull(EngineRecord.read(dir.resolve("models")));
        assertNull(EngineChoices.reset(dir.resolve("models")), "resetting twice is harmless");
    }

    @Test
    void wrongVersionOrFlavourIsRefusedAndNothingRecorded() throws Exception {
        Path archive = pytorchOrgArchive("2.6.0+cu124");
        EngineChoiceException e = assertThrows(EngineChoiceException.class,
                () -> EngineChoices.use(archive, dir.resolve("models"), LINUX, STAND_IN));
        assertTrue(e.getMessage().contains("2.6.0") && e.getMessage().contains("needs exactly 2.7.1"), e.getMessage());
        Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cu126\n");
        e = assertThrows(EngineChoiceException.class, () -> EngineChoices.use(archive, dir.resolve("models"), LINUX, STAND_IN));
        assertTrue(e.getMessage().contains("cu126") && e.getMessage().contains("cu128"), e.getMessage());
        Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cu128\n");
        assertThrows(EngineChoiceException.class,
                () -> EngineChoices.use(archive, dir.resolve("models"), HostPlatform.MACOS_ARM64, STAND_IN), "no libtorch.dylib");
        assertNull(EngineRecord.read(dir.resolve("models")));
    }

    @Test
    void aTorchWheelsLibFolderIsReadFromVersionPy() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("site-packages/torch/lib"));
        Files.write(lib.resolve("libtorch.so"), new byte[] {1});
        Files.writeString(dir.resolve("site-packages/torch/version.py"),
                "from typing import Optional\n__version__ = '2.7.1+cu128'\ndebug = False\ncuda: Optional[str] = '12.8'\n");
        LibtorchIdentity id = EngineChoices.use(lib, dir.resolve("models"), LINUX, STAND_IN);
        assertEquals("2.7.1", id.version());
        assertEquals("cu128", id.flavor());
        assertTrue(id.evidence().endsWith("version.py"));
    }

    @Test
    void aFolderWithoutLibtorchOrVersionIsRefused() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        EngineChoiceException e = assertThrows(EngineChoiceException.class,
                () -> EngineChoices.use(empty, dir.resolve("models"), LINUX, STAND_IN));
        assertTrue(e.getMessage().contains("holds no libtorch.so"), e.getMessage());
        Files.write(empty.resolve("libtorch.so"), new byte[] {1});
        e = assertThrows(EngineChoiceException.class, () -> EngineChoices.use(empty, dir.resolve("models"), LINUX, STAND_IN));
        assertTrue(e.getMessage().contains("cannot tell which libtorch version"), e.getMessage());
    }
}
