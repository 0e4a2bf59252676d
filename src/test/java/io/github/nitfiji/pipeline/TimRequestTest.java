package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.TinyTimModels;
import io.github.nitfiji.sampling.TransitionMode;
import io.github.nitfiji.sampling.TransitionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cheap part of a TiM request (nothing loads): presets from the TiM card, a text model's
 * prompt kept as text, and the settings a model does not take refused by name.
 */
class TimRequestTest {
    @TempDir
    static Path dir;
    static Path models;

    private final List<String> notes = new ArrayList<>();
    private final GenerationService service = GenerationService.oneShot(new GenerationListener() {
        @Override
        public void status(String message) {
        }

        @Override
        public void samplingStarts(GenerationRequest request) {
        }

        @Override
        public void note(String message) {
            notes.add(message);
        }

        @Override
        public String howToInstall(String id) {
            return "install " + id;
        }
    }, spec -> "regenerate");

    @BeforeAll
    static void install() throws Exception {
        models = dir.resolve("models");
        TinyTimModels.install(models);
    }

    private SpecBuilder spec(String model) {
        return GenerationSpec.builder(SettingNames.KEYS).model(model).put(Setting.MODELS_DIR, models).seed(3L);
    }

    @Test
    void classPresetsComeFromTheCardAndPaperRunsBest() throws Exception {
        PreparedGeneration quick = service.prepare(spec(TinyTimModels.C2I).prompt("goldfish").set(Setting.PRESET, "quick")
                .width(128).height(128).build());
        assertEquals("tim-c2i", quick.model().family.jsonName());
        assertEquals(1, quick.request().sampling().steps());
        assertEquals("quick (" + TinyTimModels.C2I + " card)", quick.preset());
        assertEquals("goldfish", quick.promptClassName());
        assertTrue(notes.isEmpty(), "128 x 128 is the tiny model's trained size: " + notes);

        TransitionSettings paper = (TransitionSettings) service.prepare(spec(TinyTimModels.C2I).prompt("goldfish")
                .set(Setting.PRESET, "paper").build()).request().sampling();
        assertEquals(250, paper.steps);
        assertEquals(0.2, paper.stochasticity);
        assertEquals(3.0, paper.cfgScale);
        assertEquals(List.of(TinyTimModels.C2I + " was trained at 128 x 128 px; 256 x 256 px is outside it: it runs, "
                + "but expect lower quality."), notes);
    }

    @Test
    void aTextModelKeepsThePromptAsText() throws Exception {
        PreparedGeneration p = service.prepare(spec(TinyTimModels.T2I).prompt("n02099601 is not a class here")
                .images(2).width(64).height(96).build());
        assertArrayEquals(new String[] {"n02099601 is not a class here", "n02099601 is not a class here"},
                p.request().captions());
        assertNull(p.promptClassName());
        assertArrayEquals(new int[] {GenerationRequest.NULL_CLASS, GenerationRequest.NULL_CLASS},
                p.request().classes());
        assertEquals(4, p.request().sampling().steps(), "the card's fast preset");
        assertEquals(TinyTimModels.GEMMA, p.model().card.textEncoder().orElseThrow());
    }

    @Test
    void customTimSettingsAndTheirChecks() throws Exception {
        TransitionSettings t = (TransitionSettings) service.prepare(spec(TinyTimModels.C2I).prompt("goldfish").set(Setting.STEPS, "3")
                .set(Setting.TIM_MODE, "ddiffusion").set(Setting.STOCHASTICITY, "0.4").build()).request().sampling();
        assertEquals(TransitionMode.DDIFFUSION, t.mode);
        assertEquals(0.4, t.stochasticity);
        assertEquals(3, t.steps);

        InvalidSettingException sampler = assertThrows(InvalidSettingException.class, () -> service.prepare(
                spec(TinyTimModels.C2I).prompt("goldfish").set(Setting.SAMPLER, "sde").build()));
        assertEquals(Setting.SAMPLER, sampler.setting());
        InvalidSettingException balanced = assertThrows(InvalidSettingException.class, () -> service.prepare(
                spec(TinyTimModels.C2I).prompt("goldfish").set(Setting.PRESET, "balanced").build()));
        assertTrue(balanced.getMessage().startsWith("preset balanced: model " + TinyTimModels.C2I + "'s card lists no"
                + " balanced settings; it has quick, fast, best"), balanced.getMessage());
        InvalidSettingException stochastic = assertThrows(InvalidSettingException.class, () -> service.prepare(
                spec(TinyTimModels.T2I).prompt("a cat").set(Setting.STOCHASTICITY, "0.2").build()));
        assertEquals(Setting.STOCHASTICITY, stochastic.setting());
        InvalidSettingException height = assertThrows(InvalidSettingException.class, () -> service.prepare(
                spec(TinyTimModels.T2I).prompt("a cat").width(64).height(80).build()));
        assertEquals("height 80 px is not a multiple of 32: the text model was trained on sides that are multiples"
                + " of 32 (the decoder's grid); use 96", height.getMessage());
        InvalidSettingException nit = assertThrows(InvalidSettingException.class, () -> service.prepare(
                spec("smoke-test").prompt("goldfish").set(Setting.TIM_MODE, "transition").build()));
        assertEquals(Setting.TIM_MODE, nit.setting());
    }
}
