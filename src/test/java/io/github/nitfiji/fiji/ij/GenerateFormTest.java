package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.pipeline.Setting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The "NiT Generate..." dialog's rules as data (issue 25 item 3): what it discloses for each
 * model family and start, and that its options are a macro's (what is hidden never runs, a
 * sampler key only with the custom preset, the same parsers and messages).
 */
class GenerateFormTest {
    private static GenerateForm form(String options, String model) throws Exception {
        GenerateForm form = new GenerateForm(GenerateOptions.parse(options));
        choose(form, model);
        return form;
    }

    private static void choose(GenerateForm form, String model) throws Exception {
        ModelCard card = ModelCatalog.bundled().require(model);
        form.set(Setting.MODEL, model);
        form.model(ModelFamilies.of(card.kind()).orElseThrow(), card);
    }

    @Test
    void presetsAreTheCardsOwnAndAdvancedOnlyForCustomWithTheFamilysKeys() throws Exception {
        GenerateForm nit = form("prompt=goldfish", "smoke-test");
        assertEquals(List.of("fast", "paper", "custom"), nit.presets(), "NiT: no TiM presets");
        assertEquals(List.of(), nit.advancedSettings(), "a named preset shows no sampler field");
        nit.set(Setting.PRESET, "custom");
        assertEquals(List.of(Setting.SAMPLER, Setting.STEPS, Setting.CFG, Setting.GUIDANCE_LOW, Setting.GUIDANCE_HIGH),
                nit.advancedSettings(), "NiT: its samplers, no TiM mode or stochasticity");

        GenerateForm tim = form("prompt=goldfish preset=custom", "tim-c2i-512");
        assertEquals(List.of("quick", "fast", "paper", "best", "custom"), tim.presets());
        assertEquals(List.of(Setting.STEPS, Setting.CFG, Setting.GUIDANCE_LOW, Setting.GUIDANCE_HIGH, Setting.TIM_MODE,
                Setting.STOCHASTICITY), tim.advancedSettings(), "TiM: no NiT sampler");
        assertEquals(List.of("quick", "fast", "balanced", "paper", "best", "custom"),
                form("prompt=fox", "tim-t2i").presets());
    }

    @Test
    void aPresetTheNewModelLacksBecomesFast() throws Exception {
        GenerateForm form = form("prompt=goldfish preset=quick", "tim-c2i-512");
        assertEquals("quick", form.get(Setting.PRESET));
        choose(form, "smoke-test");
        assertEquals("fast", form.get(Setting.PRESET), "NiT has no quick preset");
    }

    @Test
    void theSizeGoesWithNoiseTheStrengthAndSourceOutputWithAnImage() throws Exception {
        GenerateForm form = form("prompt=goldfish width=320 height=200", "smoke-test");
        assertTrue(form.showsSize());
        assertFalse(form.showsStrength());
        assertEquals(List.of("RGB", "32-bit"), form.outputs(), "no 'source' without an image");
        form.set(Setting.STRENGTH, "0.3"); // typed, then hidden: never runs
        assertEquals("prompt=goldfish width=320 height=200 images=1 preset=fast model=smoke-test device=auto "
                + "precision=auto output=RGB", form.options().toMacroOptions());

        form.set(Setting.SOURCE, "cells");
        form.set(Setting.OUTPUT, "source");
        assertFalse(form.showsSize());
        assertTrue(form.showsStrength());
        assertEquals(List.of("RGB", "32-bit", "source"), form.outputs());
        String fromImage = form.options().toMacroOptions();
        assertFalse(fromImage.contains("width="), "the image gives the size: " + fromImage);
        assertTrue(fromImage.contains("source=cells") && fromImage.contains("strength=0.3")
                && fromImage.contains("output=source"), fromImage);

        form.set(Setting.SOURCE, "");
        assertEquals("RGB", form.output(), "'source' without an image is not offered, so RGB");
    }

    @Test
    void samplerSettingsRunOnlyWithCustomAndOnlyThoseTheModelTakes() throws Exception {
        GenerateForm form = form("prompt=goldfish preset=custom sampler=heun steps=8", "smoke-test");
        assertEquals(Map.of(Setting.SAMPLER, "heun", Setting.STEPS, "8"), form.advanced(), "a recorded custom run");
        assertTrue(form.options().toMacroOptions().contains("preset=custom sampler=heun steps=8"));
        form.set(Setting.PRESET, "paper");
        String named = form.options().toMacroOptions();
        assertFalse(named.contains("steps="), "beside a named preset a sampler key would be an error: " + named);
        form.set(Setting.PRESET, "custom");
        choose(form, "tim-c2i-512");
        form.advanced(Map.of(Setting.TIM_MODE, "ddiffusion"));
        String tim = form.options().toMacroOptions();
        assertFalse(tim.contains("sampler="), "TiM takes no NiT sampler: " + tim);
        assertTrue(tim.contains("steps=8") && tim.contains("tim_mode=ddiffusion"), tim);
    }

    @Test
    void badFieldsAreRefusedAsAMacroRefusesThem() throws Exception {
        GenerateForm form = form("prompt=goldfish", "smoke-test");
        form.set(Setting.WIDTH, "9000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, form::options);
        assertEquals("width 9000 px is outside 32..8192 px", e.getMessage());
        form.set(Setting.WIDTH, "256");
        form.set(Setting.SEED, "-1");
        assertNull(form.options().text("seed"), "-1 is a random seed");
        assertThrows(IllegalArgumentException.class, () -> form.set(Setting.NOISE, "x"), "not a field of the dialog");
    }

    @Test
    void theSamplingLineSaysWhatThePresetRuns() {
        assertEquals("fast (smoke-test card): ode, 10 steps, CFG 3 on t 0-0.7", GenerateForm.describeSampling(
                "fast (smoke-test card)", Map.of("nit.sampler", "ode", "nit.steps", "10", "nit.cfg", "3.0",
                        "nit.guidance_interval", "0.0,0.7")));
        assertEquals("quick: TiM transition, 1 step, no guidance", GenerateForm.describeSampling("quick",
                Map.of("nit.sampler", "transition", "nit.steps", "1", "nit.cfg", "1.0", "nit.guidance_interval",
                        "0.0,1.0", "nit.tim_mode", "transition", "nit.stochasticity", "0.0")));
        assertEquals(Map.of(Setting.STEPS, "4", Setting.CFG, "2.5", Setting.GUIDANCE_LOW, "0", Setting.GUIDANCE_HIGH,
                "1", Setting.TIM_MODE, "transition", Setting.STOCHASTICITY, "0.3"), GenerateForm.samplerTexts(Map.of(
                        "nit.sampler", "transition", "nit.steps", "4", "nit.cfg", "2.5", "nit.guidance_interval",
                        "0.0,1.0", "nit.tim_mode", "transition", "nit.stochasticity", "0.3")));
    }
}
