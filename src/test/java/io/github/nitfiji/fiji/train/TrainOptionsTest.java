package io.github.nitfiji.fiji.train;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.train.TrainingSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The macro API of "NiT Train...": keys, parsing, defaults, errors in Fiji's words, and the recorded line. */
class TrainOptionsTest {
    static final String FULL = "images=folder data=[/data/my cells] base=smoke-test name=my-cells steps=200 rank=8"
            + " lr=0.0005 preview_every=25 device=gpu:1 seed=7 max_size=256 min_size=48 token_budget=64"
            + " memory_budget=2.5 checkpoint_every=50 warmup=10 alpha=4 ema=0.99 full flip run=[/runs/a b] resume";

    @Test
    void theKeysAreTheTrainCommandsOptionsAsMacroKeys() {
        assertEquals(List.of("images", "data", "class_from", "base", "name", "steps", "rank", "lr", "preview_every",
                "device", "seed", "max_size", "min_size", "token_budget", "memory_budget", "checkpoint_every", "warmup",
                "alpha", "ema", "full", "flip", "run", "resume"), TrainOptions.KEYS);
    }

    @Test
    void parsesEveryKeyIntoTheRunsSettings() {
        TrainOptions o = TrainOptions.parse(FULL);
        TrainingSettings s = o.settings();
        assertEquals(200, s.steps);
        assertEquals(8, s.rank);
        assertEquals(0.0005, s.lr);
        assertEquals(25, s.previewEvery);
        assertEquals(7, s.seed);
        assertEquals(64, s.tokenBudget);
        assertEquals(2_500_000_000L, s.memoryBudgetBytes);
        assertEquals(50, s.checkpointEvery);
        assertEquals(10, s.warmupSteps);
        assertEquals(4.0, s.alpha);
        assertEquals(0.99, s.emaDecay);
        assertTrue(s.full);
        assertTrue(o.flag("flip") && o.flag("resume"));
        assertEquals("/data/my cells", o.text("data"));
        assertEquals("/runs/a b", o.text("run"));
        assertEquals("gpu:1", o.text("device"));
        assertFalse(o.fromOpenImages());
    }

    @Test
    void whatIsNotGivenIsTheTrainCommandsDefault() {
        TrainOptions o = TrainOptions.parse("data=[/d] name=x");
        TrainingSettings s = o.settings();
        TrainingSettings cli = new TrainingSettings();
        assertEquals(cli.steps, s.steps);
        assertEquals(cli.rank, s.rank);
        assertEquals(cli.lr, s.lr);
        assertEquals(cli.checkpointEvery, s.checkpointEvery);
        assertEquals(cli.steps / TrainOptions.DEFAULT_PREVIEWS, s.previewEvery, "about ten previews per run");
        assertEquals("images=folder data=/d name=x steps=1000 rank=16 device=cpu", o.toMacroOptions(),
                "the recorded line shows what the dialog shows, given or not");
        assertEquals(1, TrainOptions.parse("data=[/d] name=x steps=5").settings().previewEvery, "short runs: every step");
    }

    @Test
    void theRecordedLineParsesBackToTheSameOptions() {
        TrainOptions o = TrainOptions.parse(FULL);
        assertEquals(o, TrainOptions.parse(o.toMacroOptions()));
        assertTrue(o.toMacroOptions().endsWith(" full flip run=[/runs/a b] resume"), o.toMacroOptions());
        assertNull(o.recorderValues().get("resume"), "a flag is recorded as a bare key");
        assertTrue(o.recorderValues().containsKey("resume"));
        TrainOptions open = TrainOptions.parse("images=open class_from=title name=x");
        assertTrue(open.fromOpenImages() && open.classFromTitle());
        assertEquals("images=open class_from=title name=x steps=1000 rank=16 device=cpu", open.toMacroOptions());
    }

    @Test
    void badInputIsRefusedNamingTheKey() {
        assertRefused("name=x step=10", "unknown option step");
        assertRefused("name=x steps=ten", "steps='ten' is not a whole number");
        assertRefused("name=x steps=0", "steps must be at least 1, found 0");
        assertRefused("name=x lr=2", "lr must be in (0, 1), found 2.0");
        assertRefused("name=x images=camera", "images='camera' is not known; use images=folder or images=open");
        assertRefused("name=x class_from=colour", "class_from='colour' is not known");
        assertRefused("name=x device=tpu", "device 'tpu' is unknown");
        assertRefused("name=x ema=-1", "ema=-1 must be a number of 0 or more");
    }

    @Test
    void theEnginesMessagesUseTheMacroKeys() {
        assertEquals("image a.png is 96 x 64 px = 6 tokens, above the token budget of 4; raise token_budget to at least"
                + " 6 or lower max_size to 64", TrainOptions.inFijiWords("image a.png is 96 x 64 px = 6 tokens, above the"
                + " token budget of 4; raise --token-budget to at least 6 or lower --max-size to 64"));
        assertEquals("R already holds a checkpoint; continue it with resume, or train under another name",
                TrainOptions.inFijiWords("R already holds a checkpoint; continue it with --resume, or train under"
                        + " another --name"));
        assertEquals("--shard is not a key here", TrainOptions.inFijiWords("--shard is not a key here"));
    }

    private static void assertRefused(String options, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainOptions.parse(options));
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }
}
