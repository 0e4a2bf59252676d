package io.github.nitfiji.fiji;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.runtime.Precision;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.TransitionMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The macro API: keys, parsing, defaults, errors, and the line the Recorder writes. */
class GenerateOptionsTest {
    static final String FULL = "prompt=[golden retriever] width=768 height=432 images=4 seed=42 preset=custom "
            + "sampler=heun steps=20 cfg=2.5 guidance_low=0.1 guidance_high=0.8 model=smoke-test device=gpu:1 "
            + "precision=fp16 executor=eager output=32-bit";

    @Test
    void theKeysAreTheDocumentedStableApi() {
        assertEquals(List.of("prompt", "width", "height", "images", "seed", "preset", "sampler", "steps", "cfg",
                "guidance_low", "guidance_high", "tim_mode", "stochasticity", "model", "device", "precision", "executor",
                "output", "source", "strength", "slices", "refine_to", "noise", "decoder"), GenerateOptions.KEYS);
    }

    @Test
    void parsesEveryKey() {
        GenerateOptions o = GenerateOptions.parse(FULL);
        GenerationSpec spec = o.toSpec();
        assertEquals("golden retriever", o.prompt());
        assertEquals(768, spec.width());
        assertEquals(432, spec.height());
        assertEquals(4, spec.images());
        assertEquals(42L, spec.seed());
        assertEquals(Preset.CUSTOM, spec.preset());
        assertEquals(SamplerKind.HEUN, spec.sampler());
        assertEquals(20, spec.steps());
        assertEquals(2.5, spec.cfg());
        assertEquals(0.1, spec.guidanceLow());
        assertEquals(0.8, spec.guidanceHigh());
        assertEquals("smoke-test", spec.model());
        assertEquals("gpu:1", spec.device());
        assertEquals(io.github.nitfiji.runtime.Executor.EAGER, spec.executor());
        assertEquals(io.github.nitfiji.runtime.Executor.AUTO, GenerateOptions.defaults().toSpec().executor());
        assertFalse(GenerateOptions.defaults().toMacroOptions().contains("executor"), "auto is not recorded");
        assertEquals(Precision.FP16, spec.precision());
        assertEquals(ImageOutput.FLOAT32, o.output());
    }

    @Test
    void writesBackWhatItReads() {
        GenerateOptions o = GenerateOptions.parse(FULL);
        assertEquals(FULL, o.toMacroOptions());
        assertEquals(o, GenerateOptions.parse(o.toMacroOptions()));
        assertEquals("run(\"NiT Generate...\", \"" + FULL + "\");", o.macroCall());
    }

    @Test
    void missingKeysKeepTheirDefaults() {
        GenerationSpec o = GenerateOptions.parse("prompt=goldfish").toSpec();
        assertEquals("goldfish", o.prompt());
        assertEquals(GenerationSpec.DEFAULT_SIDE, o.width());
        assertNull(o.seed(), "random");
        assertEquals(Preset.FAST, o.preset());
        assertNull(o.model(), "the default model");
        assertEquals("auto", o.device());
        assertEquals(ImageOutput.RGB, o.output());
        assertNull(GenerateOptions.parse("seed=").toSpec().seed(), "an empty seed is random");
        assertEquals(9_007_199_254_740_993L, GenerateOptions.parse("seed=9007199254740993").toSpec().seed(),
                "no double rounding");
    }

    /** Issue 25, item 2: the command line's rule in every front door. */
    @Test
    void aSamplerSettingMeansCustomAndBesideANamedPresetIsAnError() {
        GenerationSpec steps = GenerateOptions.parse("width=768 height=432 steps=6").toSpec();
        assertEquals(Preset.CUSTOM, steps.preset(), "steps=6 without a preset runs custom, as --steps 6 does");
        assertEquals(6, steps.steps());
        assertError("preset=fast steps=3", "steps goes with preset custom, not fast");
        assertError("preset=paper cfg=2", "cfg goes with preset custom, not paper");
        GenerationSpec custom = GenerateOptions.parse("preset=custom steps=3 sampler=sde").toSpec();
        assertEquals(3, custom.steps());
        assertEquals(SamplerKind.SDE, custom.sampler());
    }

    @Test
    void buildsTheSpecEveryFrontDoorRuns() {
        GenerationSpec spec = GenerateOptions.parse("prompt=207 width=100 height=70 images=3 seed=5").toSpec();
        assertEquals("207", spec.prompt());
        assertEquals(3, spec.totalImages());
        assertEquals(100, spec.width());
        assertEquals(70, spec.height());
        assertEquals(5L, spec.seed());
        assertNull(GenerateOptions.parse("seed=-1").toSpec().seed(), "-1 is random");
        assertEquals(GenerateOptions.parse(FULL), GenerateOptions.of(GenerateOptions.parse(FULL).toSpec()));
    }

    @Test
    void recordsExactlyWhatWasGivenAndTheAlwaysShownSettings() {
        assertEquals("prompt=goldfish width=256 height=256 images=1 preset=fast",
                GenerateOptions.of(GenerateOptions.parse("prompt=goldfish").toSpec()).toMacroOptions(),
                "a named preset is recorded without the settings it sets itself");
        assertEquals("prompt=goldfish width=256 height=256 images=1 preset=custom steps=6",
                GenerateOptions.of(GenerateOptions.parse("prompt=goldfish steps=6").toSpec()).toMacroOptions());
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAccepted() {
        assertError("step=10", "unknown option step; \"NiT Generate...\" takes prompt, width");
        assertError("width=wide", "width=wide is not a number");
        assertError("width=100.5", "width=100.5 must be a whole number");
        assertError("images=0", "images must be 1..256, found 0");
        assertError("seed=abc", "seed=abc is not a number");
        assertError("preset=slow", "preset 'slow' is unknown; use quick, fast, balanced, paper, best or custom");
        assertError("sampler=dpm preset=custom", "sampler 'dpm' is unknown");
        assertError("preset=custom steps=0", "steps must be 1..10000, found 0");
        assertError("preset=custom cfg=0.5", "cfg must be a finite number >= 1");
        assertError("preset=custom guidance_low=0.8 guidance_high=0.2", "guidance_low 0.8 is above the high end 0.2");
        assertError("seed=-7", "seed must be 0 or more, found -7");
        assertError("seed=9223372036854775807 images=2", "seed 9223372036854775807 is too large: image i uses "
                + "seed + i, so with 2 images the seed must be at most 9223372036854775806");
        assertError("device=tpu", "device 'tpu' is unknown; use auto, cpu, gpu, gpu:N or mps");
        assertError("precision=int8", "precision 'int8' is unknown");
        assertError("output=16-bit", "output '16-bit' is unknown; use RGB, 32-bit or source");
        assertError("prompt=[ ]", "prompt is empty");
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> GenerateOptions.parse("width=0"));
        assertEquals("width 0 px is outside 32..8192 px", size.getMessage());
    }

    private static void assertError(String options, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenerateOptions.parse(options));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void macroOptionSyntax() {
        assertEquals(List.of("prompt", "width", "flag", "seed"),
                MacroOptions.keys("prompt=[a dog [width=3]] width=5 flag seed='1 2'"));
        assertEquals("[a b]", MacroOptions.quote("a b"));
        assertEquals("[]", MacroOptions.quote(""));
        assertEquals("3", MacroOptions.number(3.0));
        assertEquals("0.7", MacroOptions.number(0.7));
    }

    @Test
    void timKeysRoundTripAndGoWithTheCustomPreset() {
        GenerateOptions o = GenerateOptions.parse("prompt=goldfish preset=custom steps=4 tim_mode=DDiffusion "
                + "stochasticity=0.25 model=tim-c2i-512");
        assertEquals("ddiffusion", o.text("tim_mode"));
        assertEquals("0.25", o.text("stochasticity"));
        assertEquals(TransitionMode.DDIFFUSION, o.toSpec().timMode());
        assertEquals(0.25, o.toSpec().stochasticity());
        assertEquals(o, GenerateOptions.parse(o.toMacroOptions()), "the recorded line reads back the same");
        GenerateOptions recorded = GenerateOptions.of(o.toSpec());
        assertTrue(recorded.macroValues().entrySet().containsAll(o.macroValues().entrySet()),
                "a spec gives back its options (and the always-shown size): " + recorded);
        assertEquals(recorded, GenerateOptions.of(recorded.toSpec()), "and reads back the same");
        assertFalse(GenerateOptions.parse("prompt=goldfish").toMacroOptions().contains("tim_mode"),
                "TiM keys are recorded only when given");
        assertError("prompt=goldfish preset=fast tim_mode=transition", "tim_mode goes with preset custom, not fast");
        assertError("prompt=goldfish preset=custom stochasticity=2", "stochasticity must be 0..1");
        assertError("prompt=goldfish preset=custom tim_mode=euler", "tim_mode 'euler' is unknown; use transition or"
                + " ddiffusion");
    }
}
