package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.tim.TimConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The tim-c2i-512 card: the released architecture, its decoder and the three presets. */
class TimCardTest {
    private static String cardText() throws Exception {
        return new String(Files.readAllBytes(Path.of("models", "tim-c2i-512.json")), StandardCharsets.UTF_8);
    }

    @Test
    void cardCarriesTheReleasedArchitectureAndDecoder() throws Exception {
        ModelCatalog catalog = ModelCatalog.bundled();
        ModelCard card = catalog.require("tim-c2i-512");
        assertEquals("tim-c2i", card.kind().jsonName());
        assertEquals("dc-ae", catalog.decoderFor(card).kind().jsonName());
        assertEquals("dc-ae-f32c32-sana-1.1", card.decoder().orElseThrow());
        TimConfig config = TimConfig.fromJson(card.config().toString(), "card");
        assertEquals(TimConfig.xl().toJson(), config.toJson());
        assertTrue(config.isTrainedSize(new LatentSize(16, 16)));
        assertFalse(config.isTrainedSize(new LatentSize(16, 24)));
        assertEquals("c2i_model_512.safetensors", card.weightsFile().path());
    }

    @Test
    void presetsAreQuickFastBest() throws Exception {
        ModelCard card = ModelCatalog.bundled().require("tim-c2i-512");
        CardPreset quick = card.preset("quick").orElseThrow();
        assertEquals(1, quick.steps());
        assertEquals(1.0, quick.cfgScale());
        CardPreset fast = card.preset("fast").orElseThrow();
        assertEquals(2, fast.steps());
        assertEquals(1.0, fast.cfgScale());
        CardPreset best = card.preset("best").orElseThrow();
        assertEquals(250, best.steps());
        assertEquals(3.0, best.cfgScale());
        assertEquals(0.0, best.guidanceLow());
        assertEquals(0.7, best.guidanceHigh());
        assertEquals(0.2, best.stochasticity());
        assertEquals("transition", best.sampler());
        assertEquals("quick", card.presets().get(0).name(), "the first preset is the default");
    }

    @Test
    void brokenTimPresetsNameTheField() throws Exception {
        String good = cardText();
        ModelException s = assertThrows(ModelException.class,
                () -> ModelCard.parse(good.replace("\"stochasticity\": 0.2", "\"stochasticity\": 1.5"), "t.json"));
        assertTrue(s.getMessage().contains("field 'presets[2].stochasticity': expected 0 <= s <= 1"), s.getMessage());
        ModelException sampler = assertThrows(ModelException.class, () -> ModelCard.parse(
                good.replaceFirst("\"sampler\": \"transition\"", "\"sampler\": \"sde\""), "t.json"));
        assertTrue(sampler.getMessage().contains("'sde' is not one of 'transition', 'ddiffusion'"),
                sampler.getMessage());
        ModelException kind = assertThrows(ModelException.class,
                () -> ModelCard.parse(good.replace("\"kind\": \"tim-c2i\"", "\"kind\": \"tim\""), "t.json"));
        assertTrue(kind.getMessage().contains("'tim' is not one of 'nit', 'tim-c2i', 'tim-t2i', 'dc-ae', 'gemma3-text'"), kind.getMessage());
    }
}
