package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, item 10: https only unless allowed, no downgrade, clear words for odd schemes, a stall timeout. */
@Timeout(30)
class TransferRulesTest {
    @TempDir
    Path dir;
    LocalHttpServer server;
    ModelStore store;
    byte[] content;
    String sha;

    @BeforeEach
    void setUp() throws Exception {
        server = new LocalHttpServer();
        content = new byte[200_000];
        new Random(13).nextBytes(content);
        sha = Sha256.hex(Sha256.newDigest().digest(content));
        server.put("/w.bin", content);
        store = new ModelStore(ModelsFolder.at(dir.resolve("models"), "test"), ModelCatalog.bundled());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ModelDownloader downloader() {
        return new ModelDownloader(store).offline(false).attempts(3).retryDelay(Duration.ZERO)
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private static ModelCard card(String url, String sha, boolean allowHttp) throws ModelException {
        return ModelCard.parse(cardJson(url, sha, allowHttp), "rules-card.json");
    }

    private static String cardJson(String url, String sha, boolean allowHttp) {
        return "{\"id\": \"test-dcae\", \"kind\": \"dc-ae\", \"name\": \"Test\", \"description\": \"d\","
                + "\"config\": {\"in_channels\": 3, \"latent_channels\": 32, \"attention_head_dim\": 8,"
                + " \"decoder_block_out_channels\": [8], \"decoder_layers_per_block\": [1],"
                + " \"decoder_block_types\": [\"ResBlock\"], \"scaling_factor\": 0.41407},"
                + "\"files\": [{\"path\": \"w.bin\", \"role\": \"weights\", \"url\": \"" + url + "\""
                + (allowHttp ? ", \"allow_http\": true" : "") + ", \"sha256\": \"" + sha + "\"}],"
                + "\"licence\": \"test\", \"citation\": \"test\"}";
    }

    @Test
    void plainHttpNeedsTheCardsPermission() throws Exception {
        ModelException e = assertThrows(ModelException.class,
                () -> downloader().download(card(server.url("/w.bin"), sha, false), DownloadListener.NONE));
        assertTrue(e.getMessage().contains("plain http") && e.getMessage().contains("\"allow_http\": true"),
                e.getMessage());
        assertEquals(0, server.requests.get(), "nothing was requested");
        Path target = downloader().download(card(server.url("/w.bin"), sha, true), DownloadListener.NONE).get(0);
        assertEquals(sha, Sha256.of(target, null));
    }

    @Test
    void httpsNeverContinuesOverHttp() throws Exception {
        URL https = new URL("https://example.org/model.safetensors");
        TransferException e = assertThrows(TransferException.class,
                () -> HttpSource.checkedUrl("http://cdn.example.org/model.safetensors", https, true));
        assertEquals(TransferException.Kind.REFUSED_URL, e.kind());
        assertTrue(e.getMessage().contains("plain http"), e.getMessage());
        assertEquals("https", HttpSource.checkedUrl("https://cdn.example.org/x", https, false).getProtocol());
        assertEquals("http", HttpSource.checkedUrl("/x", new URL("http://mirror.lan/y"), true).getProtocol());
    }

    @Test
    void redirectsToOtherSchemesGetAClearMessage() throws Exception {
        for (String location : new String[] {"file:///etc/passwd", "ftp://example.org/w.bin",
                "jar:file:///tmp/x.jar!/w.bin"}) {
            server.redirect("/odd", location);
            ModelCard card = card(server.url("/odd"), sha, true);
            ModelException e = assertThrows(ModelException.class, () -> downloader().download(card, DownloadListener.NONE));
            String scheme = location.substring(0, location.indexOf(':'));
            assertTrue(e.getMessage().contains("'" + scheme + ":'") && e.getMessage().contains(location),
                    e.getMessage());
            assertFalse(e.getMessage().contains("ClassCastException"), e.getMessage());
            assertFalse(Files.exists(store.target(card, card.weightsFile())));
        }
    }

    @Test
    void aStalledConnectionIsDroppedAndResumed() throws Exception {
        server.mode = LocalHttpServer.Mode.TRICKLE_FIRST_RESPONSE;
        ModelCard card = card(server.url("/w.bin"), sha, true);
        ModelDownloaderTest.Recorder rec = new ModelDownloaderTest.Recorder();
        Path target = downloader().stallWindow(Duration.ofMillis(600)).download(card, rec).get(0);
        assertEquals(sha, Sha256.of(target, null));
        assertTrue(rec.messages.stream().anyMatch(m -> m.contains("stalled")), rec.messages.toString());
        long resumedAt = rec.starts.get(1);
        assertTrue(resumedAt > 0, "the second attempt resumed from the trickled bytes: " + resumedAt);
    }

    /** The general entry point other downloads (e.g. a CUDA libtorch) use: any URL, size, hash, target. */
    @Test
    void aPlainDownloadIsVerifiedBeforeItIsRenamedIntoPlace() throws Exception {
        HttpTransfer transfer = new HttpTransfer().allowHttp(true).retryDelay(Duration.ZERO);
        Path target = dir.resolve("lib/libtorch.zip");
        TransferException e = assertThrows(TransferException.class, () -> transfer.download(server.url("/w.bin"),
                target, content.length, "0".repeat(64), new HttpTransfer.Listener() { }));
        assertEquals(TransferException.Kind.MISMATCH, e.kind());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(ModelStore.partFile(target)), "a wrong file is not kept for resuming");
        HttpTransfer.Result result = transfer.download(server.url("/w.bin"), target, content.length, sha,
                new HttpTransfer.Listener() { });
        assertEquals(sha, result.sha256);
        assertEquals(sha, Sha256.of(target, null));
        TransferException tooLong = assertThrows(TransferException.class, () -> transfer.fetch(server.url("/w.bin"),
                dir.resolve("short.part"), 1000, new HttpTransfer.Listener() { }));
        assertEquals(TransferException.Kind.TOO_LONG, tooLong.kind());
    }
}
