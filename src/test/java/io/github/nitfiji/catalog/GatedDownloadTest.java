package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.cli.CommandLineDoor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a gated model over real HTTP on loopback. One server plays huggingface.co (it demands
 * the token on the gated repository's paths and redirects the weights to a second server, the
 * CDN); the token must reach only the first, appear in no message, exception or file, and a
 * refused download must leave nothing behind.
 */
@Timeout(30)
class GatedDownloadTest {
    private static final String TOKEN = "hf_TestTokenDoNotPrint4711";
    private static final String REPO = "/google/tiny-gemma/resolve/main";

    @TempDir
    Path dir;
    LocalHttpServer hub;
    LocalHttpServer cdn;
    Path root;
    ModelStore store;
    Path files;

    @BeforeEach
    void setUp() throws Exception {
        hub = new LocalHttpServer();
        cdn = new LocalHttpServer();
        files = TextModelFixtures.writeFiles(dir.resolve("source"));
        byte[] weights = Files.readAllBytes(files.resolve("model.safetensors"));
        // weights: LFS style, a 302 to another host with the hash on the redirect
        cdn.put("/lfs/model.safetensors", weights);
        hub.redirect(REPO + "/model.safetensors", cdn.url("/lfs/model.safetensors"));
        hub.header(REPO + "/model.safetensors", "X-Linked-Etag", "\"" + Sha256.hex(Sha256.newDigest().digest(weights))
                + "\"");
        // config.json: a relative redirect on the same host, which keeps the token
        hub.redirect(REPO + "/config.json", "/google/tiny-gemma/resolve-cache/abc/config.json");
        hub.put("/google/tiny-gemma/resolve-cache/abc/config.json", Files.readAllBytes(files.resolve("config.json")));
        hub.put(REPO + "/tokenizer.json", Files.readAllBytes(files.resolve("tokenizer.json")));
        hub.gate("/google/tiny-gemma/", TOKEN, 200);
        hub.gate("/google/tiny-gemma/", "hf_AccountWithoutTheTerms", 403);
        root = dir.resolve("models");
        TextModelFixtures.writeCards(root, hub.url(REPO), true);
        store = ModelStore.open(ModelsFolder.at(root, "test")).frontDoor(CommandLineDoor.INSTANCE);
    }

    @AfterEach
    void tearDown() {
        hub.close();
        cdn.close();
    }

    private ModelDownloader downloader(String token) throws ModelException {
        URI hubUri = URI.create(hub.url("/"));
        return new ModelDownloader(store).offline(false).attempts(2).retryDelay(Duration.ZERO)
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .tokenOrigin(hubUri.getScheme() + "://" + hubUri.getAuthority())
                .token(AccessToken.of(token).orElse(null));
    }

    private ModelCard gemma() throws ModelException {
        return store.catalog().require("tiny-gemma");
    }

    @Test
    void withTheTokenEveryFileArrivesAndTheTokenStaysOnItsHost() throws Exception {
        ModelDownloaderTest.Recorder log = new ModelDownloaderTest.Recorder();
        ModelDownloader downloader = downloader(TOKEN);
        assertFalse(downloader.needsToken(gemma()));
        List<Path> paths = downloader.download(gemma(), log);
        assertEquals(3, paths.size());
        assertTrue(store.status(gemma(), true).isUsable());
        for (ModelFile f : gemma().files()) {
            assertTrue(Arrays.equals(Files.readAllBytes(files.resolve(f.fileName())),
                    Files.readAllBytes(store.target(gemma(), f))), f.path());
        }
        List<String> hubRequests = new ArrayList<>(hub.authorizations);
        assertEquals(4, hubRequests.size(), hubRequests.toString());
        for (String request : hubRequests) {
            assertTrue(request.endsWith(" Bearer " + TOKEN), "the hub gets the token, same-host redirect too: " + request);
        }
        assertEquals(List.of("/lfs/model.safetensors null"), cdn.authorizations, "the CDN never sees the token");
        assertNoToken(String.join("\n", log.messages));
        assertNoTokenInFiles(root);
    }

    @Test
    void withoutATokenNothingIsRequestedAndTheLicenceStepIsExplained() throws Exception {
        ModelDownloader downloader = downloader(null);
        assertTrue(downloader.needsToken(gemma()));
        ModelException e = assertThrows(ModelException.class, () -> downloader.download(gemma(), DownloadListener.NONE));
        assertEquals(ModelException.Reason.GATED, e.reason());
        String m = e.getMessage();
        assertTrue(m.contains("no Hugging Face token was given, so nothing was downloaded"), m);
        assertTrue(m.contains("open https://huggingface.co/google/gemma-3-1b-it while logged in"), m);
        assertTrue(m.contains("accept the Gemma Terms of Use"), m);
        assertTrue(m.contains("https://huggingface.co/settings/tokens"), m);
        assertTrue(m.contains("set the environment variable HF_TOKEN"), m);
        assertTrue(m.contains("models install tiny-gemma"), m);
        assertEquals(0, hub.requests.get() + cdn.requests.get(), "nothing was asked of any server");
        assertNothingLeft();
        // the other model of the pair is not gated and needs no token
        assertFalse(downloader.needsToken(store.catalog().require("tiny-t2i")));
    }

    @Test
    void aWrongTokenIsRefusedWithoutBeingQuotedAndLeavesNothing() throws Exception {
        String wrong = "hf_WrongTokenAlsoSecret0815";
        ModelException e = assertThrows(ModelException.class,
                () -> downloader(wrong).download(gemma(), DownloadListener.NONE));
        assertEquals(ModelException.Reason.GATED, e.reason());
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        assertTrue(e.getMessage().contains("did not accept the token given"), e.getMessage());
        assertTrue(e.getMessage().contains("it is not a valid Hugging Face token"), e.getMessage());
        assertFalse(everything(e).contains(wrong), "the token is in no message or stack trace");
        assertEquals(List.of(REPO + "/model.safetensors Bearer " + wrong), hub.authorizations);
        assertNothingLeft();
    }

    @Test
    void anAccountWithoutTheTermsIsToldToAcceptThem() throws Exception {
        String notAccepted = "hf_AccountWithoutTheTerms";
        ModelException e = assertThrows(ModelException.class,
                () -> downloader(notAccepted).tokenAdvice("enter it when NiT Models asks for it")
                        .download(gemma(), DownloadListener.NONE));
        assertEquals(ModelException.Reason.GATED, e.reason());
        String m = e.getMessage();
        assertTrue(m.contains("HTTP 403") && m.contains("has not accepted the licence yet"), m);
        assertTrue(m.contains("3. enter it when NiT Models asks for it;"), "the front door's own advice: " + m);
        assertFalse(everything(e).contains(notAccepted));
        assertNothingLeft();
    }

    @Test
    void theTokenIsNeverSentToAnotherOriginEvenWhenAsked() throws Exception {
        // a direct download from the CDN host with the hub's token configured: no header there
        cdn.put("/plain.bin", new byte[] {1, 2, 3});
        URI hubUri = URI.create(hub.url("/"));
        new HttpTransfer().allowHttp(true).token(AccessToken.of(TOKEN).orElseThrow(), hubUri.getScheme() + "://"
                + hubUri.getAuthority()).download(cdn.url("/plain.bin"), dir.resolve("plain.bin"), 3, null,
                new HttpTransfer.Listener() { });
        assertEquals(List.of("/plain.bin null"), cdn.authorizations);
    }

    @Test
    void tokensAreHiddenAndMalformedOnesRefusedWithoutQuotingThem() throws Exception {
        AccessToken token = AccessToken.of("  " + TOKEN + "\n").orElseThrow();
        assertFalse(token.toString().contains(TOKEN));
        assertEquals("Bearer " + TOKEN, token.bearerHeader(), "surrounding blanks are dropped");
        assertTrue(AccessToken.of("   ").isEmpty());
        assertTrue(AccessToken.fromEnvironment(Map.<String, String>of()::get).isEmpty());
        String injected = "hf_abc\r\nX-Evil: 1";
        ModelException e = assertThrows(ModelException.class,
                () -> AccessToken.fromEnvironment(Map.of(AccessToken.ENV, injected)::get));
        assertTrue(e.getMessage().startsWith("environment variable HF_TOKEN: "), e.getMessage());
        assertFalse(e.getMessage().contains("hf_abc"), e.getMessage());
    }

    /** The exception, its causes and stack traces as text. */
    private static String everything(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static void assertNoToken(String text) {
        assertFalse(text.contains(TOKEN), "token leaked into: " + text);
    }

    private static void assertNoTokenInFiles(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.filter(Files::isRegularFile).collect(Collectors.toList())) {
                assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(TOKEN), p.toString());
            }
        }
    }

    /** No model folder, part file or hash sidecar: the models folder holds only the two cards. */
    private void assertNothingLeft() throws IOException {
        try (Stream<Path> all = Files.list(root)) {
            assertEquals(List.of("tiny-gemma.json", "tiny-t2i.json"), all.map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList()));
        }
    }
}
