package io.github.nitfiji.sampling;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PresetTest {
    @Test
    void paperPresetFollowsThePaperTable() {
        SamplerSettings s256 = Preset.PAPER.settingsFor(256, 256);
        assertEquals(SamplerKind.SDE, s256.kind);
        assertEquals(250, s256.steps);
        assertEquals(2.25, s256.cfgScale);
        SamplerSettings wide = Preset.PAPER.settingsFor(768, 432);
        assertEquals(SamplerKind.ODE, wide.kind);
        assertEquals(2.75, wide.cfgScale, "432 x 768 (H x W) uses 2.75");
        SamplerSettings tall = Preset.PAPER.settingsFor(432, 768);
        assertEquals(2.85, tall.cfgScale);
        SamplerSettings big = Preset.PAPER.settingsFor(2000, 2100);
        assertEquals(4.5, big.cfgScale);
        assertEquals(0.9, big.guidanceHigh);
    }

    @Test
    void fastPresetIsOde50() {
        SamplerSettings fast = Preset.FAST.settingsFor(256, 256);
        assertEquals(SamplerKind.ODE, fast.kind);
        assertEquals(50, fast.steps);
        assertEquals(3.0, fast.cfgScale);
        assertEquals(0.7, fast.guidanceHigh);
    }

    @Test
    void customHasNoSettingsOfItsOwn() {
        assertThrows(IllegalStateException.class, () -> Preset.CUSTOM.settingsFor(256, 256));
        assertThrows(IllegalArgumentException.class, () -> Preset.parse("best"));
    }
}
