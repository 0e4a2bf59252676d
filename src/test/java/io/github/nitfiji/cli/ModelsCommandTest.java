package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class ModelsCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private String savedOffline;

    @BeforeEach
    void saveOffline() {
        savedOffline = System.getProperty("ai.djl.offline");
    }

    @AfterEach
    void restoreOffline() {
        if (savedOffline == null) {
            System.clearProperty("ai.djl.offline");
        } else {
            System.setProperty("ai.djl.offline", savedOffline);
        }
    }

    private int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        return ModelsCommand.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** A card in the models folder whose file is served by a local server. */
    private void writeCard(String url, byte[] content) throws Exception {
        String sha = io.github.nitfiji.catalog.Sha256.hex(MessageDigest.getInstance("SHA-256").digest(content));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("local.json"), "{\"id\": \"local-dcae\", \"kind\": \"dc-ae\", \"name\": \"Local\","
                + "\"description\": \"served by the test\", \"config\": {\"in_channels\": 3, \"latent_channels\": 32,"
                + " \"attention_head_dim\": 8, \"decoder_block_out_channels\": [8], \"decoder_layers_per_block\": [1],"
                + " \"decoder_block_types\": [\"ResBlock\"], \"scaling_factor\": 0.41407},"
                + "\"files\": [{\"path\": \"w.bin\", \"role\": \"weights\", \"allow_http\": true, \"url\": \"" + url + "\", \"size\": "
                + content.length + ", \"sha256\": \"" + sha + "\"}], \"licence\": \"t\", \"citation\": \"t\"}");
    }

    @Test
    void aGatedCompanionWithoutHfTokenIsReportedBeforeAnyDownload() throws Exception {
        // with a token in the environment this would really download: only run where none is set
        assumeTrue(System.getenv("HF_TOKEN") == null);
        assertEquals(1, run("download", "tim-t2i", "--models-dir", dir.toString()));
        assertTrue(err().contains("model 'gemma-3-1b-it' is gated"), err());
        assertTrue(err().contains("set the environment variable HF_TOKEN to it"), err());
        assertTrue(err().contains("https://huggingface.co/google/gemma-3-1b-it"), err());
        assertTrue(!Files.exists(dir.resolve("tim-t2i")) && !Files.exists(dir.resolve("gemma-3-1b-it")),
                "nothing downloaded, not even the ungated TiM-T2I weights");
        assertEquals(0, run("list", "--models-dir", dir.toString()));
        assertTrue(out().lines().anyMatch(l -> l.matches("tim-t2i +tim-t2i +.*"))
                && out().lines().anyMatch(l -> l.matches("gemma-3-1b-it +gemma3-text +.*")), out());
    }

    @Test
    void helpDocumentsEveryFlagAndSubcommand() {
        assertEquals(0, run("--help"));
        for (String word : new String[] {"list", "download ID", "install ID FILE", "verify [ID]", "--models-dir",
                "--verify", "--no-decoder", "--help", "ai.djl.offline", "NIT_MODELS_DIR"}) {
            assertTrue(out().contains(word), "help mentions " + word);
        }
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        for (String[] args : new String[][] {{}, {"bogus"}, {"download"}, {"list", "--frobnicate"},
                {"install", "x"}, {"--models-dir"}, {"download", "no-such-model", "--models-dir", "/nonexistent"}}) {
            assertEquals(2, run(args), String.join(" ", args));
            assertEquals(1, err().strip().lines().count(), err());
        }
    }

    @Test
    void listShowsBundledAndMissingModels() {
        assertEquals(0, run("models", "list", "--models-dir", dir.toString()));
        assertTrue(out().contains(dir.toString()));
        assertTrue(out().matches("(?s).*smoke-test\\s+nit\\s+bundled.*"), out());
        assertTrue(out().matches("(?s).*nit-xl-1000k\\s+nit\\s+missing\\s+~2\\.70 GB.*"), out());
    }

    @Test
    void offlineDownloadPrintsUrlAndTargetPath() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        writeCard("http://127.0.0.1:9/never/w.bin", new byte[] {1, 2, 3});
        assertEquals(1, run("download", "local-dcae", "--models-dir", dir.toString()));
        assertTrue(err().contains("offline"), err());
        assertTrue(err().contains("http://127.0.0.1:9/never/w.bin"), err());
        assertTrue(err().contains(dir.resolve("local-dcae").resolve("w.bin").toString()), err());

        // A NiT model's instructions cover its decoder too.
        assertEquals(1, run("download", "nit-xl-1000k", "--models-dir", dir.toString()));
        assertTrue(err().contains(dir.resolve("nit-xl-1000k/model_1000K.safetensors").toString()), err());
        assertTrue(err().contains("dc-ae-f32c32-sana-1.1-diffusers/resolve/main/config.json"), err());
        assertTrue(err().contains(dir.resolve("dc-ae-f32c32-sana-1.1/config.json").toString()), err());
    }

    @Test
    void offlineAdviceFromTheCommandLineNamesItsCommands() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        writeCard("http://127.0.0.1:9/never/w.bin", new byte[] {1, 2, 3});
        CliRunnerInProcess r = CliRunnerInProcess.run("models", "download", "local-dcae", "--models-dir", dir.toString());
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err.startsWith("nit: error: "), r.err);
        assertTrue(r.err.contains("java -jar nit-cli.jar models verify local-dcae"), r.err);
        assertFalse(r.err.contains("the models command's"), r.err);
    }

    @Test
    void downloadShowsProgressThenVerifyAndInstallWork() throws Exception {
        assumeFalse("true".equalsIgnoreCase(System.getenv("DJL_OFFLINE")), "DJL_OFFLINE forces offline mode");
        System.setProperty("ai.djl.offline", "false");
        byte[] content = new byte[3_000_000];
        new Random(7).nextBytes(content);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/w.bin", ex -> {
            ex.sendResponseHeaders(200, content.length);
            ex.getResponseBody().write(content);
            ex.close();
        });
        server.start();
        try {
            writeCard("http://127.0.0.1:" + server.getAddress().getPort() + "/w.bin", content);
            assertEquals(0, run("download", "local-dcae", "--models-dir", dir.toString()), err());
            assertTrue(out().contains("] 100%"), out());
            assertTrue(out().contains("installed " + dir.resolve("local-dcae/w.bin")), out());
        } finally {
            server.stop(0);
        }
        assertEquals(0, run("verify", "local-dcae", "--models-dir", dir.toString()), err());
        assertTrue(out().contains("sha256 verified"), out());

        Path installed = dir.resolve("local-dcae/w.bin");
        byte[] bad = content.clone();
        bad[100] ^= 1;
        Files.write(installed, bad);
        assertEquals(1, run("verify", "--models-dir", dir.toString()));
        assertTrue(err().contains("local-dcae: corrupt"), err());

        Path manual = dir.resolve("manual.bin");
        Files.write(manual, content);
        assertEquals(0, run("install", "local-dcae", manual.toString(), "--models-dir", dir.toString()), err());
        assertEquals(0, run("verify", "local-dcae", "--models-dir", dir.toString()), err());
    }

    @Test
    void aCardWithANulInAPathIsSkippedWithAWarningNotFatal() throws Exception {
        Files.createDirectories(dir);
        String dcae = Files.readString(Path.of("models/dc-ae-f32c32-sana-1.1.json"), StandardCharsets.UTF_8)
                .replace("\"id\": \"dc-ae-f32c32-sana-1.1\"", "\"id\": \"nul-dcae\"")
                .replace("\"path\": \"", "\"path\": \"a\\u0000");
        Files.writeString(dir.resolve("nul.json"), dcae);
        assertEquals(0, run("list", "--models-dir", dir.toString()), err());
        assertTrue(out().contains("smoke-test"), out());
        assertTrue(err().contains("warning: ") && err().contains("nul.json"), err());
        assertEquals(0, run("verify", "--models-dir", dir.toString()), err());
        assertTrue(err().contains("warning: ") && err().contains("nul.json"), "verify shows it too: " + err());
        // generate shows it before it stops at the unknown model
        errBytes.reset();
        Main.run(new String[] {"generate", "--class", "1", "--width", "64", "--height", "64", "--out",
            dir.resolve("x.png").toString(), "--models-dir", dir.toString(), "--model", "no-such-model"},
            new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        assertTrue(err().contains("warning: ") && err().contains("nul.json"), "generate shows it too: " + err());
    }
}
