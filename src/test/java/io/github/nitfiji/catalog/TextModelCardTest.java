package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.tim.TimT2iConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the tim-t2i and gemma-3-1b-it cards (kinds, companions, presets, the gate), what the
 * parser refuses in such cards, and installing a text-to-image model from local files.
 */
class TextModelCardTest {
    @TempDir
    Path dir;

    private static String bundled(String file) throws Exception {
        return Files.readString(Path.of("models", file), StandardCharsets.UTF_8);
    }

    private static ModelException refused(String file, UnaryOperator<String> edit) throws Exception {
        String json = edit.apply(bundled(file));
        return assertThrows(ModelException.class, () -> ModelCard.parse(json, "edited.json"));
    }

    @Test
    void timT2iCardNamesItsDecoderAndTextEncoderAndBuildsTheReleasedArchitecture() throws Exception {
        ModelCatalog catalog = ModelCatalog.bundled();
        ModelCard card = catalog.require("tim-t2i");
        assertEquals("tim-t2i", card.kind().jsonName());
        assertEquals("t2i_model.bin", card.weightsFile().path());
        assertEquals(TimT2iConfig.xl().toJson(), TimT2iConfig.fromJson(card.config().toString(), "card").toJson());
        ModelCard gemma = catalog.textEncoderFor(card);
        assertEquals("gemma3-text", gemma.kind().jsonName());
        assertEquals(List.of(card, catalog.decoderFor(card), gemma), catalog.withCompanions(card));
        assertTrue(card.gate().isEmpty(), "TiM-T2I itself is not gated");
    }

    @Test
    void timT2iPresetsAreOneFourEightAndManySteps() throws Exception {
        ModelCard card = ModelCatalog.bundled().require("tim-t2i");
        int[] steps = card.presets().stream().mapToInt(CardPreset::steps).toArray();
        assertEquals(List.of(1, 4, 8, 64), List.of(steps[0], steps[1], steps[2], steps[3]));
        for (CardPreset p : card.presets()) {
            assertEquals("transition", p.sampler());
            assertEquals(2.5, p.cfgScale(), "the official T2I scripts' guidance");
            assertEquals(0.0, p.guidanceLow());
            assertEquals(1.0, p.guidanceHigh());
            assertTrue(p.description().contains("official") || p.description().contains("README"), p.description());
        }
    }

    @Test
    void gemmaCardIsGatedWithItsThreeFiles() throws Exception {
        ModelCard gemma = ModelCatalog.bundled().require("gemma-3-1b-it");
        AccessGate gate = gemma.gate().orElseThrow();
        assertEquals("https://huggingface.co/google/gemma-3-1b-it", gate.page());
        assertTrue(gate.terms().contains("Gemma"));
        assertEquals("model.safetensors", gemma.weightsFile().path());
        assertEquals("config.json", gemma.fileWithRole(ModelFile.ROLE_CONFIG).orElseThrow().path());
        assertEquals("tokenizer.json", gemma.fileWithRole(ModelFile.ROLE_TOKENIZER).orElseThrow().path());
        GemmaConfig config = GemmaConfig.fromJson(gemma.config().toString(), "card");
        assertEquals(GemmaConfig.gemma3OneBillion().parameterCount(), config.parameterCount());
        assertFalse(gemma.kind().generates());
        assertEquals(List.of(gemma), ModelCatalog.bundled().withCompanions(gemma));
    }

    @Test
    void installChecksKnowEveryTensorOfTheReleasedFiles() throws Exception {
        ModelCatalog catalog = ModelCatalog.bundled();
        // the reference's key count for TiM-T2I without the training-only projector
        assertEquals(894, CardContent.expectedShapes(catalog.require("tim-t2i")).size());
        // embedding, 13 weights in each of 26 layers, final norm (lm_head is tied)
        assertEquals(1 + 26 * 13 + 1, CardContent.expectedShapes(catalog.require("gemma-3-1b-it")).size());
        assertTrue(CardContent.expectedShapes(catalog.require("tim-c2i-512")).containsKey("y_embedder.embedding_table.weight"),
                "TiM-C2I installs are checked against their architecture too");
    }

    @Test
    void brokenTextModelCardsNameTheField() throws Exception {
        assertTrue(refused("tim-t2i.json", s -> s.replace("\"text_encoder\": \"gemma-3-1b-it\",", ""))
                .getMessage().contains("field 'text_encoder': missing"));
        assertTrue(refused("tim-t2i.json", s -> s.replace("\"num_heads\": 16", "\"num_heads\": 7"))
                .getMessage().contains("field 'config'"));
        assertTrue(refused("nit-xl-1000k.json", s -> s.replace("\"decoder\":", "\"text_encoder\": \"x\", \"decoder\":"))
                .getMessage().contains("only text-to-image cards name a text encoder; a nit model reads no text"));
        assertTrue(refused("gemma-3-1b-it.json", s -> s.replace("\"role\": \"tokenizer\"", "\"role\": \"config\""))
                .getMessage().contains("needs a file with role 'tokenizer'"));
        assertTrue(refused("gemma-3-1b-it.json", s -> s.replace("\"role\": \"tokenizer\"", "\"role\": \"vocab\""))
                .getMessage().contains("'vocab' is not one of 'weights', 'config', 'tokenizer'"));
        assertTrue(refused("gemma-3-1b-it.json", s -> s.replace("\"page\": \"https://", "\"page\": \"http://"))
                .getMessage().contains("field 'gated.page'"));
        assertTrue(refused("gemma-3-1b-it.json", s -> s.replace("\"num_key_value_heads\": 1", "\"num_key_value_heads\": 3"))
                .getMessage().contains("num_key_value_heads"));
        assertTrue(refused("tim-t2i.json", s -> s.replace("\"stochasticity\": 0.0", "\"stochasticity\": 2.0"))
                .getMessage().contains("expected 0 <= s <= 1"));
    }

    /** Issue 24 minor: the first "not installed" already names the gated text encoder and HF_TOKEN. */
    @Test
    void aMissingTextToImageModelSaysItsTextEncoderIsGated() throws Exception {
        ModelStore store = ModelStore.open(ModelsFolder.at(Files.createDirectories(dir.resolve("empty")), "test"));
        ModelException e = assertThrows(ModelException.class, () -> store.textModelFiles("tim-t2i"));
        assertEquals(ModelException.Reason.NOT_INSTALLED, e.reason());
        assertTrue(e.getMessage().contains("It also needs the text encoder 'gemma-3-1b-it'")
                && e.getMessage().contains("set the environment variable HF_TOKEN")
                && e.getMessage().contains("huggingface.co/google/gemma-3-1b-it"), e.getMessage());
    }

    @Test
    void aTextToImageModelInstallsFromLocalFilesAndResolvesForTheEngine() throws Exception {
        Path root = dir.resolve("models");
        TextModelFixtures.writeCards(root, "https://example.org/files", false);
        ModelStore store = ModelStore.open(ModelsFolder.at(root, "test"));
        assertEquals(List.of(), store.catalog().warnings());
        ModelException before = assertThrows(ModelException.class, () -> store.textModelFiles("tiny-t2i"));
        assertEquals(ModelException.Reason.NOT_INSTALLED, before.reason());

        Path files = TextModelFixtures.writeFiles(dir.resolve("downloads"));
        ModelDownloader downloader = new ModelDownloader(store);
        assertEquals(1, downloader.installFromFile(store.catalog().require("tiny-t2i"), files, DownloadListener.NONE)
                .size());
        assertEquals(3, downloader.installFromFile(store.catalog().require("tiny-gemma"), files, DownloadListener.NONE)
                .size());

        TextModelFiles resolved = store.textModelFiles("tiny-t2i");
        assertEquals(root.resolve("tiny-t2i/t2i_model.bin"), resolved.weights);
        assertEquals(root.resolve("tiny-gemma/model.safetensors"), resolved.textEncoderWeights);
        assertEquals(root.resolve("tiny-gemma/config.json"), resolved.textEncoderConfig);
        assertEquals(root.resolve("tiny-gemma/tokenizer.json"), resolved.tokenizer);
        assertEquals("dc-ae-f32c32-sana-1.1", resolved.decoder.id());
        assertEquals(16, TimT2iConfig.fromJson(resolved.configJson, "card").hiddenSize);
        assertTrue(store.status(resolved.textEncoder, true).isUsable());
        assertThrows(ModelException.class, () -> store.textModelFiles("tiny-gemma"), "a text encoder is no T2I model");
    }

    @Test
    void installRefusesWeightsThatDoNotFitTheCard() throws Exception {
        Path root = dir.resolve("models");
        TextModelFixtures.writeCards(root, "https://example.org/files", false);
        ModelStore store = ModelStore.open(ModelsFolder.at(root, "test"));
        Path wrong = dir.resolve("model.safetensors");
        TextModelFixtures.writeGemmaWeights(wrong, true);
        ModelCard gemma = store.catalog().require("tiny-gemma");
        ModelException e = assertThrows(ModelException.class,
                () -> new ModelDownloader(store).installFromFile(gemma, wrong, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("model.norm.weight has shape [9]"), e.getMessage());
        assertFalse(Files.exists(store.target(gemma, gemma.weightsFile())));

        // a TiM-T2I checkpoint given as the Gemma weights: the torch zip is read, and refused by its tensors
        Path tim = Files.write(dir.resolve("t2i_model.bin"), TextModelFixtures.timWeights());
        ModelException mixUp = assertThrows(ModelException.class, () -> new ModelDownloader(store)
                .installFromFile(gemma, tim, DownloadListener.NONE));
        assertTrue(mixUp.getMessage().contains("model.embed_tokens.weight is missing"), mixUp.getMessage());
    }
}
