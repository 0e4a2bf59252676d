package io.github.nitfiji.family.nit;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.PresetTable;
import io.github.nitfiji.sampling.SamplerKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** Presets come from the chosen model's card: what the card says is what runs. */
class NitPresetsTest {
    @Test
    void thePaperPresetOfNitXl1500kComesFromItsCardWith768x416() throws Exception {
        ModelCatalog catalog = ModelCatalog.bundled();
        PresetTable table = NitPresets.of("nit-xl-1500k", catalog);
        PresetTable.Entry wide = Preset.PAPER.choose(768, 432, table);
        assertEquals("paper-768x416", wide.name);
        assertEquals("nit-xl-1500k card", wide.source);
        assertEquals(768, wide.width);
        assertEquals(416, wide.height);
        assertEquals(2.75, wide.settings.cfgScale);
        assertEquals("paper-416x768", Preset.PAPER.choose(416, 768, table).name);
        assertTrue(table.entries().stream().noneMatch(e -> e.name.contains("432")), "432 was a typo in the paper");
        assertEquals(SamplerKind.SDE, Preset.PAPER.choose(256, 256, table).settings.kind);
    }

    @Test
    void changingTheCardChangesWhatRuns() throws Exception {
        String json = new String(Files.readAllBytes(Paths.get("models", "nit-xl-1500k.json")), StandardCharsets.UTF_8)
                .replace("\"cfg\": 2.75", "\"cfg\": 2.5");
        ModelCard edited = ModelCard.parse(json, "edited card");
        PresetTable.Entry wide = Preset.PAPER.choose(768, 416, NitPresets.of(edited, ModelCatalog.bundled()));
        assertEquals(2.5, wide.settings.cfgScale);
        assertEquals(3.0, Preset.FAST.choose(768, 416, NitPresets.of(edited, ModelCatalog.bundled()))
                .settings.cfgScale, "fast: the card's any-size entry");
    }

    @Test
    void cardsWithoutPaperSettingsBorrowTheDefaultModels() throws Exception {
        ModelCatalog catalog = ModelCatalog.bundled();
        PresetTable smoke = NitPresets.of("smoke-test", catalog);
        assertEquals(10, Preset.FAST.choose(64, 64, smoke).settings.steps, "the smoke-test card's own fast");
        assertEquals("smoke-test card", Preset.FAST.choose(64, 64, smoke).source);
        assertEquals("nit-xl-1000k card", Preset.PAPER.choose(64, 64, smoke).source);
        PresetTable files = NitPresets.of((ModelCard) null, catalog);
        assertEquals("nit-xl-1000k card", Preset.FAST.choose(64, 64, files).source);
        assertEquals(50, Preset.FAST.choose(64, 64, files).settings.steps);
    }
}
