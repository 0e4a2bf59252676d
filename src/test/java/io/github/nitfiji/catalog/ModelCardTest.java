package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.dcae.DcAeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {
    private static final Path CARDS = Paths.get("models");

    @Test
    void allBundledCardsParse() throws Exception {
        ModelCatalog catalog = ModelCatalog.bundled();
        List<String> ids = catalog.cards().stream().map(ModelCard::id).collect(java.util.stream.Collectors.toList());
        assertEquals(List.of("nit-xl-1000k", "nit-xl-1500k", "tim-c2i-512", "tim-t2i", "gemma-3-1b-it", "dc-ae-f32c32-sana-1.1",
                "dc-ae-lite-f32c32-sana-1.1", "smoke-test", "smoke-test-dcae"), ids);
        for (ModelCard card : catalog.cards()) {
            if (card.kind().generates()) {
                assertEquals("dc-ae", catalog.decoderFor(card).kind().jsonName(), card.id());
                assertEquals(0, card.configInt("hidden_size") % card.configInt("num_heads"));
                assertFalse(card.presets().isEmpty(), card.id());
            }
        }
        // Every *.json card in models/ is listed in the index (the jar cannot list its own folders).
        try (var files = Files.list(CARDS)) {
            long onDisk = files.filter(p -> p.toString().endsWith(".json") && !p.endsWith("index.json")).count();
            assertEquals(onDisk, ids.size());
        }
    }

    @Test
    void realCardsCarryTheDocumentedArchitectureAndPaperPresets() throws Exception {
        ModelCatalog catalog = ModelCatalog.bundled();
        ModelCard nit = catalog.require("nit-xl-1000k");
        assertEquals(1152, nit.configInt("hidden_size"));
        assertEquals(28, nit.configInt("depth"));
        assertEquals(16, nit.configInt("num_heads"));
        assertEquals("https://huggingface.co/GoodEnough/NiT-XL-Models/resolve/main/model_1000K.safetensors",
                nit.weightsFile().url().orElseThrow());
        assertTrue(nit.weightsFile().sha256().isEmpty(), "no invented hash");
        CardPreset p512 = nit.preset("paper-512").orElseThrow();
        assertEquals("sde", p512.sampler());
        assertEquals(250, p512.steps());
        assertEquals(2.05, p512.cfgScale());
        assertEquals(1.57, p512.fid().orElseThrow());
        CardPreset wide = nit.preset("paper-960x320").orElseThrow();
        assertEquals(960, wide.width().orElseThrow());
        assertEquals(4.0, wide.cfgScale());
        assertEquals(0.9, wide.guidanceHigh());
        assertEquals(2.03, catalog.require("nit-xl-1500k").preset("paper-256").orElseThrow().fid().orElseThrow());

        ModelCard dcae = catalog.require("dc-ae-f32c32-sana-1.1");
        assertEquals(0.41407, dcae.configDouble("scaling_factor"));
        assertEquals(2, dcae.files().size());
        assertEquals("diffusion_pytorch_model.safetensors", dcae.weightsFile().path());

        // DC-AE-Lite: the same latent space (channels, compression, scaling) and encoder, a lighter decoder
        ModelCard lite = catalog.require("dc-ae-lite-f32c32-sana-1.1");
        DcAeConfig liteConfig = DcAeConfig.fromJson(lite.config().toString());
        DcAeConfig fullConfig = DcAeConfig.fromJson(dcae.config().toString());
        assertEquals(fullConfig.scalingFactor(), liteConfig.scalingFactor());
        assertEquals(fullConfig.latentChannels(), liteConfig.latentChannels());
        assertEquals(fullConfig.spatialCompression(), liteConfig.spatialCompression());
        assertEquals(fullConfig.encoder().toString(), liteConfig.encoder().toString());
        assertEquals(DcAeConfig.Upsampling.PIXEL_SHUFFLE, liteConfig.upsampling());
        assertEquals(0, liteConfig.decoder().layers(0));
        assertTrue(lite.weightsFile().sha256().isEmpty(), "no invented hash");
    }

    @Test
    void smokeTestCardsMatchTheirBundledFiles() throws Exception {
        ModelCatalog catalog = ModelCatalog.bundled();
        for (String id : List.of("smoke-test", "smoke-test-dcae")) {
            ModelCard card = catalog.require(id);
            assertTrue(card.isBundled());
            assertTrue(card.description().contains("RANDOM"), "clearly labelled as random weights");
            ModelFile f = card.weightsFile();
            Path file = CARDS.resolve(f.bundledResource().orElseThrow());
            assertEquals(Files.size(file), f.size().orElseThrow());
            assertEquals(Sha256.of(file, null), f.sha256().orElseThrow());
            try (SafetensorsFile st = SafetensorsFile.open(file)) {
                JsonObject fromFile = JsonParser.parseString(st.metadata().get("config")).getAsJsonObject();
                assertEquals(fromFile, card.config(), "card config equals the file's __metadata__.config");
            }
        }
    }

    @Test
    void brokenCardsNameTheFileAndTheField() throws Exception {
        String good = Files.readString(CARDS.resolve("smoke-test-dcae.json"), StandardCharsets.UTF_8);
        assertMessage(good.replace("\"kind\": \"dc-ae\"", "\"kind\": \"vae\""), "field 'kind'");
        assertMessage(good.replace("\"sha256\": \"423a", "\"sha256\": \"zz3a"), "field 'files[0].sha256'");
        assertMessage(good.replace("\"path\": \"dcae.safetensors\"", "\"path\": \"../dcae.safetensors\""), "field 'files[0].path'");
        assertMessage(good.replace("\"latent_channels\": 32,", ""), "field 'config.latent_channels'");
        assertMessage(good.replace("\"id\": \"smoke-test-dcae\"", "\"id\": \"Smoke Test\""), "field 'id'");
        assertMessage("{ not json", "not valid JSON");
        String nit = Files.readString(CARDS.resolve("nit-xl-1000k.json"), StandardCharsets.UTF_8);
        assertMessage(nit.replace("\"decoder\": \"dc-ae-f32c32-sana-1.1\",", ""), "field 'decoder'");
        assertMessage(nit.replace("\"steps\": 250", "\"steps\": 0"), "field 'presets[1].steps'");
        assertMessage(nit.replace("\"url\": \"https://", "\"url\": \"ftp://"), "field 'files[0].url'");
        // types are strict: a number written as a string is an error, not a conversion
        assertMessage(nit.replace("\"steps\": 250", "\"steps\": \"250\""), "field 'presets[1].steps': expected an integer");
        assertMessage(nit.replace("\"depth\": 28", "\"depth\": \"28\""), "field 'config.depth': expected an integer");
        assertMessage(nit.replace("\"qk_norm\": true,", "\"qk_norm\": true, \"qk_norm\": false,"), "'qk_norm' appears more than once");
    }

    private static void assertMessage(String json, String field) {
        ModelException e = assertThrows(ModelException.class, () -> ModelCard.parse(json, "broken-card.json"));
        assertEquals(ModelException.Reason.INVALID_CARD, e.reason());
        assertTrue(e.getMessage().startsWith("model card broken-card.json"), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void folderCardsAreAddedBrokenOnesReportedNotFatal(@TempDir Path dir) throws Exception {
        String dcae = Files.readString(CARDS.resolve("smoke-test-dcae.json"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("mine.json"), dcae.replace("\"id\": \"smoke-test-dcae\"", "\"id\": \"my-dcae\""));
        Files.writeString(dir.resolve("broken.json"), dcae.replace("\"licence\"", "\"licensе\""));
        ModelCatalog catalog = ModelCatalog.load(ModelsFolder.at(dir, "test"));
        assertEquals("my-dcae", catalog.require("my-dcae").id());
        assertEquals(1, catalog.warnings().size(), catalog.warnings().toString());
        assertTrue(catalog.warnings().get(0).contains("broken.json") && catalog.warnings().get(0).contains("'licence'"));
        ModelException e = assertThrows(ModelException.class, () -> catalog.require("nope"));
        assertEquals(ModelException.Reason.UNKNOWN_MODEL, e.reason());
        assertTrue(e.getMessage().contains("nit-xl-1000k"), "lists known ids: " + e.getMessage());
    }
}
