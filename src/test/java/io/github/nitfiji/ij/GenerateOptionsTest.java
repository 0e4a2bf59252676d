package io.github.nitfiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.plugin.frame.Recorder;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.Precision;
import io.github.nitfiji.sampling.Preset;
import io.github.nitfiji.sampling.SamplerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The macro API: keys, parsing, defaults, errors, and the line the Recorder writes. */
class GenerateOptionsTest {
    static final String FULL = "prompt=[golden retriever] width=768 height=432 images=4 seed=42 preset=custom "
            + "sampler=heun steps=20 cfg=2.5 guidance_low=0.1 guidance_high=0.8 model=smoke-test device=gpu:1 "
            + "precision=fp16 output=32-bit";

    @Test
    void theKeysAreTheDocumentedStableApi() {
        assertEquals(List.of("prompt", "width", "height", "images", "seed", "preset", "sampler", "steps", "cfg",
                "guidance_low", "guidance_high", "model", "device", "precision", "output"), GenerateOptions.KEYS);
    }

    @Test
    void parsesEveryKey() {
        GenerateOptions o = GenerateOptions.parse(FULL);
        assertEquals("golden retriever", o.prompt);
        assertEquals(768, o.width);
        assertEquals(432, o.height);
        assertEquals(4, o.images);
        assertEquals(42, o.seed);
        assertEquals(Preset.CUSTOM, o.preset);
        assertEquals(SamplerKind.HEUN, o.sampler);
        assertEquals(20, o.steps);
        assertEquals(2.5, o.cfg);
        assertEquals(0.1, o.guidanceLow);
        assertEquals(0.8, o.guidanceHigh);
        assertEquals("smoke-test", o.model);
        assertEquals("gpu:1", o.device);
        assertEquals(Precision.FP16, o.precision);
        assertEquals(GenerateOptions.Output.FLOAT32, o.output);
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
        GenerateOptions o = GenerateOptions.parse("prompt=goldfish");
        GenerateOptions d = GenerateOptions.defaults();
        assertEquals("goldfish", o.prompt);
        assertEquals(d.width, o.width);
        assertEquals(-1, o.seed, "random");
        assertEquals(Preset.FAST, o.preset);
        assertNull(o.model, "the default model");
        assertEquals("auto", o.device);
        assertEquals(GenerateOptions.Output.RGB, o.output);
        assertEquals(-1, GenerateOptions.parse("seed=").seed, "an empty seed is random");
        assertEquals(-1, GenerateOptions.parse("seed=-7").seed, "a negative seed is random");
        assertEquals(9_007_199_254_740_993L, GenerateOptions.parse("seed=9007199254740993").seed, "no double rounding");
    }

    @Test
    void presetsDecideTheSamplerUnlessCustom() {
        GenerateOptions fast = GenerateOptions.parse("width=768 height=432 preset=fast steps=3");
        assertEquals(Preset.FAST.settingsFor(768, 432).toString(), fast.samplerSettings().toString());
        GenerateOptions custom = GenerateOptions.parse("preset=custom steps=3 sampler=sde");
        assertEquals(3, custom.samplerSettings().steps);
        assertEquals(SamplerKind.SDE, custom.samplerSettings().kind);
    }

    @Test
    void buildsTheRequestWithOneClassPerImage() {
        GenerationRequest r = GenerateOptions.parse("width=100 height=70 images=3 seed=5").request(207);
        assertArrayEquals(new int[] {207, 207, 207}, r.classes());
        assertEquals(100, r.width());
        assertEquals(70, r.height());
        assertEquals(5, r.seed());
        assertEquals(7, r.seedOf(2));
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAccepted() {
        assertError("step=10", "unknown option step; \"NiT Generate...\" takes prompt, width");
        assertError("width=wide", "width=wide is not a number");
        assertError("width=100.5", "width=100.5 must be a whole number");
        assertError("images=0", "images must be 1..256, found 0");
        assertError("seed=abc", "seed=abc must be a whole number (empty or -1 = random)");
        assertError("preset=slow", "preset 'slow' is unknown; use fast, paper or custom");
        assertError("sampler=dpm preset=custom", "sampler 'dpm' is unknown");
        assertError("preset=custom steps=0", "steps must be at least 1");
        assertError("preset=custom cfg=0.5", "CFG scale must be a finite number >= 1");
        assertError("device=tpu", "device 'tpu' is unknown; use auto, cpu, gpu or gpu:N");
        assertError("precision=bf16", "precision 'bf16' is unknown");
        assertError("output=16-bit", "output '16-bit' is unknown; use RGB or 32-bit");
        assertError("prompt=[ ]", "prompt is empty");
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> GenerateOptions.parse("width=0").request(207));
        assertEquals("image width 0 px is outside 32..8192 px", size.getMessage());
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
    void theRecorderGetsTheOptionsThatRanNotTheDialogs() {
        Recorder.resetCommandOptions();
        Recorder.recordOption("seed", "-1"); // what a dialog would have recorded
        GenerateOptions ran = GenerateOptions.parse(FULL);
        MacroRecording.record(ran);
        assertEquals(FULL, Recorder.getCommandOptions());
        Recorder.resetCommandOptions();
    }
}
