package io.github.nitfiji.sampling;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class PresetTest {
    private static final PresetTable TABLE = new PresetTable(List.of(
            entry("fast", null, null, SamplerKind.ODE, 50, 3.0, 0.7),
            entry("paper-256", 256, 256, SamplerKind.SDE, 250, 2.25, 0.7),
            entry("paper-768", 768, 768, SamplerKind.ODE, 50, 3.0, 0.7),
            entry("paper-2048", 2048, 2048, SamplerKind.ODE, 50, 4.5, 0.9),
            entry("paper-768x416", 768, 416, SamplerKind.ODE, 50, 2.75, 0.7),
            entry("paper-416x768", 416, 768, SamplerKind.ODE, 50, 2.85, 0.7)));

    private static PresetTable.Entry entry(String name, Integer w, Integer h, SamplerKind kind, int steps, double cfg,
                                           double high) {
        return new PresetTable.Entry(name, "test", w, h, new SamplerSettings(kind, steps, cfg, 0, high));
    }

    @Test
    void paperPicksTheNearestEvaluatedSizeAspectFirst() {
        assertEquals("paper-256", Preset.PAPER.choose(256, 256, TABLE).name);
        assertEquals("paper-768x416", Preset.PAPER.choose(768, 432, TABLE).name, "16:9 is nearest 768 x 416");
        assertEquals("paper-416x768", Preset.PAPER.choose(432, 768, TABLE).name);
        assertEquals("paper-2048", Preset.PAPER.choose(2000, 2100, TABLE).name);
        assertEquals(4.5, Preset.PAPER.choose(2000, 2100, TABLE).settings.cfgScale);
    }

    @Test
    void fastIsTheTablesAnySizeEntry() {
        assertEquals("fast", Preset.FAST.choose(2048, 256, TABLE).name);
        assertEquals(50, Preset.FAST.choose(2048, 256, TABLE).settings.steps);
    }

    @Test
    void customHasNoEntryAndMissingEntriesAreNamed() {
        assertThrows(IllegalStateException.class, () -> Preset.CUSTOM.choose(256, 256, TABLE));
        assertThrows(IllegalArgumentException.class, () -> Preset.parse("slow"));
        IllegalArgumentException quick = assertThrows(IllegalArgumentException.class,
                () -> Preset.QUICK.choose(256, 256, TABLE));
        assertTrue(quick.getMessage().contains("no quick settings"), quick.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Preset.PAPER.choose(256, 256, new PresetTable(List.of())));
        assertTrue(none.getMessage().contains("no paper settings"), none.getMessage());
    }
}
