package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ModelDownloaderTest {
    @TempDir
    Path dir;
    LocalHttpServer server;
    ModelStore store;
    byte[] content;
    String sha;

    @BeforeEach
    void setUp() throws Exception {
        server = new LocalHttpServer();
        content = new byte[700_000];
        new Random(42).nextBytes(content);
        sha = Sha256.hex(Sha256.newDigest().digest(content));
        server.put("/w.bin", content);
        ModelsFolder folder = ModelsFolder.at(dir.resolve("models"), "test");
        store = new ModelStore(folder, ModelCatalog.bundled());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ModelDownloader downloader() {
        return new ModelDownloader(store).offline(false).attempts(3).retryDelay(Duration.ZERO)
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    static ModelCard card(String url, Long size, String sha) throws ModelException {
        return ModelCard.parse("{\"id\": \"test-dcae\", \"kind\": \"dc-ae\", \"name\": \"Test\", \"description\": \"d\","
                + "\"config\": {\"in_channels\": 3, \"latent_channels\": 32, \"attention_head_dim\": 8,"
                + " \"decoder_block_out_channels\": [8], \"decoder_layers_per_block\": [1],"
                + " \"decoder_block_types\": [\"ResBlock\"], \"scaling_factor\": 0.41407},"
                + "\"files\": [{\"path\": \"w.bin\", \"role\": \"weights\", \"allow_http\": true, \"url\": \"" + url + "\", \"size\": "
                + size + ", \"sha256\": " + (sha == null ? "null" : "\"" + sha + "\"") + "}],"
                + "\"licence\": \"test\", \"citation\": \"test\"}", "test-card.json");
    }

    /** Records every progress event. */
    static final class Recorder implements DownloadListener {
        final List<long[]> progress = Collections.synchronizedList(new ArrayList<>());
        final List<Long> starts = new ArrayList<>();
        final List<String> messages = new ArrayList<>();

        @Override
        public void started(ModelFile file, String source, Path target, long startAt, long total) {
            starts.add(startAt);
        }

        @Override
        public void progress(ModelFile file, long done, long total) {
            progress.add(new long[] {done, total});
        }

        @Override
        public void message(String text) {
            messages.add(text);
        }
    }

    @Test
    void fullDownloadReportsProgressAndInstallsVerifiedFile() throws Exception {
        ModelCard card = card(server.url("/w.bin"), (long) content.length, sha);
        Recorder rec = new Recorder();
        List<Path> paths = downloader().download(card, rec);
        Path target = dir.resolve("models/test-dcae/w.bin");
        assertEquals(List.of(target), paths);
        assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(target)));
        assertFalse(Files.exists(ModelStore.partFile(target)));
        assertEquals(sha, Sha256.readSidecar(target).orElseThrow());
        assertTrue(rec.progress.size() >= 2, "several progress events");
        long[] last = rec.progress.get(rec.progress.size() - 1);
        assertEquals(content.length, last[0]);
        assertEquals(content.length, last[1]);
        for (int i = 1; i < rec.progress.size(); i++) {
            assertTrue(rec.progress.get(i)[0] > rec.progress.get(i - 1)[0], "progress only grows");
        }
        assertEquals(ModelFileStatus.State.INSTALLED, store.status(card, true).state());
    }

    @Test
    void interruptedDownloadResumesFromTheRightByte() throws Exception {
        server.mode = LocalHttpServer.Mode.CUT_FIRST_RESPONSE;
        ModelCard card = card(server.url("/w.bin"), (long) content.length, sha);
        Recorder rec = new Recorder();
        Path target = downloader().download(card, rec).get(0);
        assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(target)));
        assertEquals(2, server.requests.get());
        assertEquals(null, server.rangeHeaders.get(0));
        long resumedAt = rec.starts.get(1);
        assertTrue(resumedAt > 0 && resumedAt <= content.length / 3, "resumed from the bytes on disk: " + resumedAt);
        assertEquals("bytes=" + resumedAt + "-", server.rangeHeaders.get(1));
    }

    @Test
    void serverIgnoringRangeRestartsFromZero() throws Exception {
        ModelCard card = card(server.url("/w.bin"), (long) content.length, sha);
        Path target = store.target(card, card.weightsFile());
        Files.createDirectories(target.getParent());
        Files.write(ModelStore.partFile(target), java.util.Arrays.copyOf(content, 1000));
        server.mode = LocalHttpServer.Mode.IGNORE_RANGE;
        Recorder rec = new Recorder();
        downloader().download(card, rec);
        assertEquals("bytes=1000-", server.rangeHeaders.get(0));
        assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(target)));
        assertTrue(rec.messages.stream().anyMatch(m -> m.contains("starting over")), rec.messages.toString());
    }

    @Test
    void corruptedDownloadIsRejectedAndNotInstalled() throws Exception {
        byte[] wrong = content.clone();
        wrong[12345] ^= 1;
        server.put("/w.bin", wrong);
        ModelCard card = card(server.url("/w.bin"), (long) content.length, sha);
        ModelException e = assertThrows(ModelException.class, () -> downloader().download(card, DownloadListener.NONE));
        assertEquals(ModelException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains(sha), e.getMessage());
        Path target = store.target(card, card.weightsFile());
        assertFalse(Files.exists(target), "not installed");
        assertFalse(Files.exists(ModelStore.partFile(target)), "no part left");
        assertFalse(Files.exists(Sha256.sidecar(target)));
    }

    @Test
    void serverDigestIsUsedWhenTheCardHasNoHash() throws Exception {
        server.header("/w.bin", "X-Linked-Etag", "\"" + sha.replace('0', '1') + "\"");
        ModelCard card = card(server.url("/w.bin"), null, null);
        ModelException e = assertThrows(ModelException.class, () -> downloader().download(card, DownloadListener.NONE));
        assertEquals(ModelException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("the server"), e.getMessage());

        server.header("/w.bin", "X-Linked-Etag", "\"" + sha + "\"");
        Path target = downloader().download(card, DownloadListener.NONE).get(0);
        assertEquals(sha, Sha256.readSidecar(target).orElseThrow(), "verified hash recorded in the sidecar");
        assertEquals(sha, store.expectedSha256(card, card.weightsFile()).orElseThrow());
    }

    @Test
    void notFoundGivesAClearMessage() throws Exception {
        String url = server.url("/missing.safetensors");
        ModelCard card = card(url, null, null);
        ModelException e = assertThrows(ModelException.class, () -> downloader().download(card, DownloadListener.NONE));
        assertEquals(ModelException.Reason.HTTP_ERROR, e.reason());
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains(url), e.getMessage());
        assertTrue(e.getMessage().contains("by hand"), e.getMessage());
        assertEquals(1, server.requests.get(), "a 404 is not retried");
    }

    @Test
    void offlineModeListsUrlAndTargetWithoutTouchingTheNetwork() throws Exception {
        ModelCard card = card(server.url("/w.bin"), (long) content.length, sha);
        ModelException e = assertThrows(ModelException.class,
                () -> new ModelDownloader(store).offline(true).download(card, DownloadListener.NONE));
        assertEquals(ModelException.Reason.OFFLINE, e.reason());
        assertTrue(e.getMessage().contains(server.url("/w.bin")), e.getMessage());
        assertTrue(e.getMessage().contains(store.target(card, card.weightsFile()).toString()), e.getMessage());
        assertEquals(0, server.requests.get());
    }

    @Test
    void unreachableHostIsReportedAsOfflineWithInstructions() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ModelCard card = card("http://127.0.0.1:" + port + "/w.bin", null, null);
        ModelException e = assertThrows(ModelException.class,
                () -> downloader().attempts(1).download(card, DownloadListener.NONE));
        assertEquals(ModelException.Reason.OFFLINE, e.reason());
        assertTrue(e.getMessage().contains("save it as " + store.target(card, card.weightsFile())), e.getMessage());
    }

    @Test
    void offlineSwitchesAreReadFromPropertyAndEnvironment() {
        assertTrue(ModelDownloader.offlineBy(k -> k.equals("ai.djl.offline") ? "true" : null, k -> null));
        assertTrue(ModelDownloader.offlineBy(k -> null, k -> k.equals("DJL_OFFLINE") ? "TRUE" : null));
        assertFalse(ModelDownloader.offlineBy(k -> "false", k -> null));
    }

    @Test
    void installFromFileVerifiesAndCopies() throws Exception {
        ModelCard card = card(server.url("/w.bin"), (long) content.length, sha);
        Path source = dir.resolve("downloaded.bin");
        Files.write(source, content);
        Path target = new ModelDownloader(store).installFromFile(card, source, DownloadListener.NONE).get(0);
        assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(target)));
        assertTrue(Files.exists(source), "the source is copied, not moved");

        byte[] wrong = content.clone();
        wrong[0] ^= 1;
        Files.write(source, wrong);
        Files.delete(target);
        ModelException e = assertThrows(ModelException.class,
                () -> new ModelDownloader(store).installFromFile(card, source, DownloadListener.NONE));
        assertEquals(ModelException.Reason.CORRUPT, e.reason());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(ModelStore.partFile(target)));
    }

    @Test
    void filesWithoutAnyHashMustAtLeastBeWellFormed() throws Exception {
        server.put("/config.json", "<html>rate limited</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ModelCard card = ModelCatalog.bundled().require("dc-ae-f32c32-sana-1.1");
        String json = java.nio.file.Files.readString(java.nio.file.Paths.get("models/dc-ae-f32c32-sana-1.1.json"))
                .replace("https://huggingface.co/mit-han-lab/dc-ae-f32c32-sana-1.1-diffusers/resolve/main/", server.url("/"))
                .replace("\"url\":", "\"allow_http\": true, \"url\":");
        ModelCard local = ModelCard.parse(json, "local.json");
        byte[] weights = java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("models/smoke-test/dcae.safetensors"));
        server.put("/diffusion_pytorch_model.safetensors", weights);
        // the server's hash identifies the weights (they are not this card's architecture: see InstallCheckTest)
        server.header("/diffusion_pytorch_model.safetensors", "X-Linked-Etag",
                "\"" + Sha256.hex(Sha256.newDigest().digest(weights)) + "\"");
        ModelException e = assertThrows(ModelException.class, () -> downloader().download(local, DownloadListener.NONE));
        assertEquals(ModelException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("not a valid JSON"), e.getMessage());
        assertTrue(Files.exists(store.target(local, local.weightsFile())), "the valid weights were installed");
        assertFalse(Files.exists(store.target(local, local.files().get(1))));
        assertEquals(card.id(), local.id());

        server.put("/config.json", "{\"_class_name\": \"AutoencoderDC\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(2, downloader().download(local, DownloadListener.NONE).size());
    }

    @Test
    void diskFullIsRecognised() {
        assertTrue(io.github.nitfiji.io.IoErrors.isDiskFull(new IOException("No space left on device")));
        assertFalse(io.github.nitfiji.io.IoErrors.isDiskFull(new IOException("Connection reset")));
    }
}
