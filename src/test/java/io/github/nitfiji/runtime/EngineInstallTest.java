package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.LocalHttpServer;
import io.github.nitfiji.catalog.ModelFile;
import io.github.nitfiji.cli.CommandLineDoor;
import io.github.nitfiji.fiji.FijiDoor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engine install} against a local server laid out like DJL's libtorch distribution. */
class EngineInstallTest {
    private static final HostPlatform LINUX = HostPlatform.LINUX_X86_64;
    private static final String BASE = "/pytorch/2.7.1";
    private static final String[] CUDA_LIBS = {"libc10_cuda.so", "libtorch.so", "libcudart-218eec4c.so.12"};
    private static final EnginePlan PLAN = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(CommandLineDoor.INSTANCE)
            .withDriver(new NvidiaDriver("570.124.06", 128, List.of("NVIDIA H200"))));

    @TempDir
    Path dir;
    private LocalHttpServer server;
    private final Random random = new Random(7);
    private byte[][] libraries;

    @BeforeEach
    void serve() throws IOException {
        server = new LocalHttpServer();
        libraries = new byte[CUDA_LIBS.length][];
        StringBuilder list = new StringBuilder("cpu/linux-x86_64/native/lib/libtorch.so.gz\n");
        for (int i = 0; i < CUDA_LIBS.length; i++) {
            libraries[i] = new byte[200_000 + 1000 * i];
            random.nextBytes(libraries[i]);
            String line = "cu128/linux-x86_64/native/lib/" + CUDA_LIBS[i] + ".gz";
            list.append(line).append('\n');
            server.put(BASE + "/" + line, gzip(libraries[i]));
        }
        list.append("cu128/win-x86_64/native/lib/torch.dll.gz\n");
        server.put(BASE + "/files.txt", list.toString().getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EngineInstaller installer() {
        // the CUDA libraries served here are stand-ins that cannot load on any machine: the load
        // check itself is tested on real and broken folders (EngineLoadCheckTest)
        return new EngineInstaller(LINUX, dir.resolve("models"), dir.resolve("djl"), server.url(BASE), id -> null)
                .retries(1, Duration.ZERO);
    }

    @Test
    void fullInstallPutsTheCudaLibrariesWhereDjlKeepsThemAndRecordsTheChoice() throws Exception {
        LibtorchIdentity id = installer().install(PLAN, false, DownloadListener.NONE);
        Path target = dir.resolve("djl/pytorch/2.7.1-cu128-linux-x86_64");
        assertEquals(target, id.folder());
        assertEquals("cu128", id.flavor());
        for (int i = 0; i < CUDA_LIBS.length; i++) {
            assertArrayEquals(libraries[i], Files.readAllBytes(target.resolve(CUDA_LIBS[i])), CUDA_LIBS[i]);
        }
        EngineRecord record = EngineRecord.read(dir.resolve("models"));
        assertEquals(target, record.folder());
        assertEquals("cu128", record.flavor());
        assertFalse(Files.exists(target.resolveSibling(target.getFileName() + ".installing")));
        assertFalse(Files.exists(dir.resolve("models/engine-downloads/2.7.1-cu128-linux-x86_64")), "downloads cleaned up");
        assertEquals(1 + CUDA_LIBS.length, server.requests.get(), "the list and the CUDA libraries only, not cpu/ or win");
        installer().install(PLAN, false, DownloadListener.NONE);
        assertEquals(1 + CUDA_LIBS.length, server.requests.get(), "installing again downloads nothing");
    }

    @Test
    void theInstallReportsTheBytesOfEveryDownload() throws Exception {
        Map<String, Long> totals = new ConcurrentHashMap<>();
        Map<String, Long> lastDone = new ConcurrentHashMap<>();
        installer().install(PLAN, false, new DownloadListener() {
            @Override
            public void started(ModelFile file, String source, Path target, long startAt, long total) {
                assertEquals(0, startAt);
                assertTrue(source.endsWith("/" + file.fileName()), source);
                totals.put(file.fileName(), total);
            }

            @Override
            public void progress(ModelFile file, long done, long total) {
                assertTrue(done >= lastDone.getOrDefault(file.fileName(), 0L), "bytes only grow");
                lastDone.put(file.fileName(), done);
            }
        });
        for (int i = 0; i < CUDA_LIBS.length; i++) {
            long size = gzip(libraries[i]).length;
            assertEquals(size, totals.get(CUDA_LIBS[i] + ".gz"), CUDA_LIBS[i]);
            assertEquals(size, lastDone.get(CUDA_LIBS[i] + ".gz"), CUDA_LIBS[i] + ": the last event is the whole file");
        }
        assertTrue(totals.containsKey("files.txt"));
    }

    @Test
    void anInterruptedDownloadResumesAndIsNeverUsedHalfDone() throws Exception {
        server.mode = LocalHttpServer.Mode.CUT_FIRST_RESPONSE;
        server.put(BASE + "/files.txt", Files.readAllBytes(writeList()));
        EngineChoiceException first = assertThrows(EngineChoiceException.class,
                () -> installer().install(PLAN, false, DownloadListener.NONE));
        assertTrue(first.getMessage().contains("resume"), first.getMessage());
        assertNothingInstalled();
        server.mode = LocalHttpServer.Mode.NORMAL;
        installer().install(PLAN, false, DownloadListener.NONE);
        assertTrue(server.rangeHeaders.stream().anyMatch(r -> r != null && r.startsWith("bytes=")), "resumed with Range");
        assertNotNull(EngineRecord.read(dir.resolve("models")));
    }

    @Test
    void aCorruptLibraryIsRejectedDeletedAndFetchedAgain() throws Exception {
        byte[] bad = gzip(libraries[1]);
        bad[bad.length - 6] ^= 0x55; // inside the gzip trailer's CRC-32
        String line = BASE + "/cu128/linux-x86_64/native/lib/libtorch.so.gz";
        server.put(line, bad);
        EngineChoiceException e = assertThrows(EngineChoiceException.class,
                () -> installer().install(PLAN, false, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertNothingInstalled();
        assertFalse(Files.exists(dir.resolve("models/engine-downloads/2.7.1-cu128-linux-x86_64/libtorch.so.gz")));
        server.put(line, gzip(libraries[1]));
        installer().install(PLAN, false, DownloadListener.NONE);
        assertArrayEquals(libraries[1], Files.readAllBytes(dir.resolve("djl/pytorch/2.7.1-cu128-linux-x86_64/libtorch.so")));
    }

    @Test
    void aMissingFileIsA404ThatInstallsNothing() throws Exception {
        server.put(BASE + "/files.txt", (new String(Files.readAllBytes(writeList()), StandardCharsets.UTF_8)
                + "cu128/linux-x86_64/native/lib/libnvrtc.so.gz\n").getBytes(StandardCharsets.UTF_8));
        EngineChoiceException e = assertThrows(EngineChoiceException.class,
                () -> installer().install(PLAN, false, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertNothingInstalled();
    }

    @Test
    void offlineListsTheFilesAndTheTargetAndFetchesNothing() {
        EngineChoiceException e = assertThrows(EngineChoiceException.class,
                () -> installer().install(PLAN, true, DownloadListener.NONE));
        assertTrue(e.getMessage().contains(server.url(BASE + "/files.txt")), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("djl/pytorch/2.7.1-cu128-linux-x86_64").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("then run: java -jar nit-cli.jar engine use " + dir.resolve("djl")),
                e.getMessage());
        assertEquals(0, server.requests.get());
        assertNull(EngineRecord.read(dir.resolve("models")));
    }

    @Test
    void offlineInFijiGivesFijisStepsNotTheJars() {
        EnginePlan fiji = EngineDecision.decide(EngineFacts.on(LINUX).withFrontDoor(FijiDoor.INSTANCE)
                .withDriver(new NvidiaDriver("570.124.06", 128, List.of("NVIDIA H200"))));
        EngineChoiceException e = assertThrows(EngineChoiceException.class,
                () -> installer().install(fiji, true, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("then run: Plugins > NiT > NiT Engine... with action 'use' and folder "
                + dir.resolve("djl/pytorch/2.7.1-cu128-linux-x86_64")), e.getMessage());
        assertTrue(e.getMessage().contains("NiT Engine... and choose 'install'"), e.getMessage());
        assertFalse(e.getMessage().contains("java -jar"), e.getMessage());
    }

    @Test
    void offlineAfterAnInterruptedInstallListsEveryUrlAndItsTarget() throws Exception {
        server.put(BASE + "/cu128/linux-x86_64/native/lib/libc10_cuda.so.gz", new byte[] {1, 2, 3}); // not gzip
        assertThrows(EngineChoiceException.class, () -> installer().install(PLAN, false, DownloadListener.NONE));
        EngineChoiceException e = assertThrows(EngineChoiceException.class,
                () -> installer().install(PLAN, true, DownloadListener.NONE));
        Path target = dir.resolve("djl/pytorch/2.7.1-cu128-linux-x86_64");
        for (String lib : CUDA_LIBS) {
            assertTrue(e.getMessage().contains(server.url(BASE + "/cu128/linux-x86_64/native/lib/" + lib + ".gz")
                    + "  ->  " + target.resolve(lib)), e.getMessage());
        }
        assertNull(EngineRecord.read(dir.resolve("models")));
    }

    @Test
    void aRefusedMachineDownloadsNothing() {
        EnginePlan mac = EngineDecision.decide(EngineFacts.on(HostPlatform.MACOS_ARM64).withFrontDoor(CommandLineDoor.INSTANCE));
        EngineChoiceException e = assertThrows(EngineChoiceException.class,
                () -> installer().install(mac, false, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("no CUDA build"), e.getMessage());
        assertEquals(0, server.requests.get());
    }

    private void assertNothingInstalled() throws IOException {
        assertNull(EngineRecord.read(dir.resolve("models")), "no choice recorded");
        Path pytorch = dir.resolve("djl/pytorch");
        if (Files.isDirectory(pytorch)) {
            try (Stream<Path> s = Files.list(pytorch)) {
                assertEquals(List.of(), s.collect(java.util.stream.Collectors.toList()), "no folder DJL could load from");
            }
        }
    }

    private Path writeList() throws IOException {
        StringBuilder list = new StringBuilder();
        for (String lib : CUDA_LIBS) {
            list.append("cu128/linux-x86_64/native/lib/").append(lib).append(".gz\n");
        }
        return Files.writeString(dir.resolve("list.txt"), list.toString());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }
}
