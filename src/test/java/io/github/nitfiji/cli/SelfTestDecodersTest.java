package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.IsolatedModelsFolder;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code selftest --decoders} on tiny decoders: the bundled smoke-test generator's latents decoded
 * by its own tiny DC-AE and by a tiny DC-AE-Lite (the golden one, installed as a card of its own).
 */
class SelfTestDecodersTest {
    private IsolatedModelsFolder models;
    private Path root;

    @TempDir
    Path dir;

    @BeforeEach
    void installTinyLite() throws Exception {
        models = IsolatedModelsFolder.enter("nit-decoders");
        root = Path.of(System.getProperty("nit.models.dir"));
        Path weights = TestFiles.golden("dcae_lite/dcae_lite_tiny.safetensors");
        String config;
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            config = f.metadata().get("config");
        }
        Files.createDirectories(root.resolve("tiny-lite"));
        Files.copy(weights, root.resolve("tiny-lite/dcae.safetensors"));
        Files.writeString(root.resolve("tiny-lite.json"), "{\"id\": \"tiny-lite\", \"kind\": \"dc-ae\", \"name\": \"tiny"
                + " lite\", \"description\": \"test\", \"config\": " + config + ", \"files\": [{\"path\":"
                + " \"dcae.safetensors\", \"role\": \"weights\", \"url\": \"https://example.invalid/dcae.safetensors\","
                + " \"size\": null, \"sha256\": null}], \"licence\": \"test\", \"citation\": \"test\", \"presets\": []}");
    }

    @AfterEach
    void leave() {
        models.leave();
    }

    private String run(int expectedCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, text);
        return text;
    }

    @Test
    void comparesTwoDecodersOnSampledLatents() throws Exception {
        Path json = dir.resolve("decoders.json");
        String text = run(0, "selftest", "--device", "cpu", "--decoders", "smoke-test-dcae,tiny-lite",
                "--decoder-model", "smoke-test", "--decoder-samples", "2", "--decoder-size", "64",
                "--decoder-steps", "2", "--json", json.toString());
        assertTrue(text.contains("smoke-test-dcae against tiny-lite"), text);
        JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(2, report.getAsJsonArray("samples").size());
        double psnr = report.get("mean_psnr_db").getAsDouble();
        double ssim = report.get("mean_ssim").getAsDouble();
        // two different random decoders: finite, and far from equal
        assertTrue(Double.isFinite(psnr) && psnr < 40, "PSNR " + psnr);
        assertTrue(ssim > -1 && ssim < 0.9, "SSIM " + ssim);
        assertTrue(report.get("compared_ms").getAsDouble() > 0);
    }

    @Test
    void aDecoderAgainstItselfIsIdentical() throws Exception {
        Path json = dir.resolve("same.json");
        run(0, "selftest", "--device", "cpu", "--decoders", "tiny-lite,tiny-lite", "--decoder-model", "smoke-test",
                "--decoder-samples", "1", "--decoder-size", "64", "--decoder-steps", "1", "--json", json.toString());
        JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(Double.POSITIVE_INFINITY, report.get("mean_psnr_db").getAsDouble());
        assertEquals(1.0, report.get("mean_ssim").getAsDouble(), 1e-12);
    }

    @Test
    void aMissingDecoderIsReportedNotFailed() {
        String text = run(0, "selftest", "--decoders", "--decoder-model", "smoke-test");
        assertTrue(text.contains("skipped") && text.contains("dc-ae-f32c32-sana-1.1"), text);
    }

    @Test
    void aDecoderOfAnotherLatentSpaceIsRefusedByName() throws Exception {
        String card = Files.readString(root.resolve("tiny-lite.json")).replace("\"scaling_factor\": 0.41407",
                "\"scaling_factor\": 0.5").replace("\"id\": \"tiny-lite\"", "\"id\": \"other-space\"");
        Files.writeString(root.resolve("other-space.json"), card);
        Files.createDirectories(root.resolve("other-space"));
        Files.copy(root.resolve("tiny-lite/dcae.safetensors"), root.resolve("other-space/dcae.safetensors"));
        String text = run(2, "selftest", "--device", "cpu", "--decoders", "smoke-test-dcae,other-space",
                "--decoder-model", "smoke-test", "--decoder-size", "64");
        assertTrue(text.contains("other-space") && text.contains("scaling factor is 0.5"), text);
    }
}
