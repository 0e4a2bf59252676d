package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.IsolatedModelsFolder;
import io.github.nitfiji.TinyTimModels;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.fiji.GenerateOptions;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.pipeline.GenerationPreview;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.pipeline.Setting;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the dialog says, live, for NiT, TiM-C2I and TiM-T2I (the smoke-test and tiny golden models
 * in a models folder): the class the prompt picks, what the preset runs (also while the prompt is
 * refused), and why OK is off, whole and said once.
 */
class GenerateFeedbackTest {
    private static IsolatedModelsFolder folder;

    @BeforeAll
    static void models() throws Exception {
        folder = IsolatedModelsFolder.enter("nit-dialog-models");
        TinyTimModels.install(Path.of(System.getProperty("nit.models.dir")));
    }

    @AfterAll
    static void leave() {
        folder.leave();
    }

    private static GenerateForm form(String options) throws Exception {
        GenerateForm form = new GenerateForm(GenerateOptions.parse(options));
        String model = form.get(Setting.MODEL);
        ModelCard card = ModelStore.openDefault().catalog().require(model);
        form.model(ModelFamilies.of(card.kind()).orElseThrow(), card);
        return form;
    }

    private static GenerateFeedback feedback(GenerateForm form) throws Exception {
        ClassMatcher matcher = GenerationPreview.classes(form.get(Setting.MODEL));
        return GenerateFeedback.of(form, matcher, "auto", false);
    }

    @Test
    void nitShowsTheClassAndWhatTheCardsPresetRuns() throws Exception {
        GenerateFeedback f = feedback(form("prompt=[golden retriever] model=smoke-test"));
        assertTrue(f.valid);
        assertEquals("\u2192 class 207: golden retriever", f.classLine);
        assertEquals("\u2192 fast (smoke-test card): ode, 10 steps, CFG 3 on t 0-0.7", f.sampling);
        assertEquals(GenerateFeedback.previewNote("auto", false), f.problems, "on the CPU, what auto previews do");
        assertEquals("", GenerateFeedback.previewNote("auto", true), "on a GPU auto shows them: nothing to say");
    }

    @Test
    void aRefusedPromptIsSaidOnceUnderThePromptAndThePresetStillShows() throws Exception {
        GenerateFeedback f = feedback(form("prompt=[cell nucleus] model=smoke-test"));
        assertFalse(f.valid);
        assertTrue(f.classLine.startsWith("\u2717 'cell nucleus' names no class this model knows"), f.classLine);
        assertTrue(f.classLine.contains("487 cellular telephone"), f.classLine);
        assertEquals("OK is off until the prompt names a class the model knows (why: under the prompt).", f.problems);
        assertEquals("\u2192 fast (smoke-test card): ode, 10 steps, CFG 3 on t 0-0.7", f.sampling);
    }

    @Test
    void timClassAndTextModelsSayTheirOwn() throws Exception {
        GenerateFeedback c2i = feedback(form("prompt=goldfish width=128 height=128 preset=quick model="
                + TinyTimModels.C2I));
        assertTrue(c2i.valid, c2i.problems);
        assertEquals("\u2192 class 1: goldfish", c2i.classLine);
        assertTrue(c2i.sampling.startsWith("\u2192 quick (" + TinyTimModels.C2I + " card): TiM transition, 1 step"),
                c2i.sampling);

        GenerateFeedback t2i = feedback(form("prompt=[a red fox in the snow] width=256 height=144 model="
                + TinyTimModels.T2I));
        assertFalse(t2i.valid);
        assertTrue(t2i.classLine.startsWith("\u2192 text model"), t2i.classLine);
        assertEquals("OK is off: height 144 px is not a multiple of 32: the text model was trained on sides that are"
                + " multiples of 32 (the decoder's grid); use 160", t2i.problems, "the whole reason");
    }

    @Test
    void advancedStartsAtWhatRunsNowWithEarlierChoicesOverIt() throws Exception {
        GenerateForm form = form("prompt=goldfish width=128 height=128 preset=custom model=" + TinyTimModels.C2I);
        Map<Setting, String> now = GenerateFeedback.samplerNow(form);
        assertEquals(Map.of(Setting.STEPS, "2", Setting.CFG, "1", Setting.GUIDANCE_LOW, "0", Setting.GUIDANCE_HIGH, "1",
                Setting.TIM_MODE, "transition", Setting.STOCHASTICITY, "0"), now, "the card's fast preset");
        form.advanced(Map.of(Setting.STEPS, "6"));
        assertEquals("6", GenerateFeedback.samplerNow(form).get(Setting.STEPS));
    }
}
