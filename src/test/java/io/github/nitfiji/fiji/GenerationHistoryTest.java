package io.github.nitfiji.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session's history (issue 25 item 4): bounded, in order, and "vary" draws the next seeds. */
class GenerationHistoryTest {
    private static GenerateOptions ran(String options) {
        return GenerateOptions.parse(options);
    }

    @Test
    void varyKeepsEverySettingAndDrawsTheSeedsAfterTheRunsOwn() {
        GenerateOptions four = ran("prompt=goldfish width=64 height=48 images=4 seed=42 preset=custom steps=3"
                + " model=smoke-test");
        GenerateOptions next = GenerationHistory.vary(four);
        assertEquals("46", next.text("seed"), "seeds 42-45 ran; the variation draws 46-49");
        assertEquals(four.toMacroOptions().replace("seed=42", "seed=46"), next.toMacroOptions(),
                "nothing else changes");
        assertEquals("50", GenerationHistory.vary(next).text("seed"), "varying again never repeats an image");
        assertEquals("1", GenerationHistory.vary(ran("prompt=goldfish seed=0")).text("seed"));
        assertEquals("0", GenerationHistory.vary(ran("prompt=goldfish seed=" + Long.MAX_VALUE)).text("seed"),
                "past the last seed it starts again at 0");
    }

    @Test
    void aRunWithoutSeedsCannotBeVaried(@TempDir Path dir) throws Exception {
        Path noise = Files.createFile(dir.resolve("noise.safetensors"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenerationHistory.vary(ran("prompt=goldfish noise=[" + noise + "] seed=3")));
        assertTrue(e.getMessage().startsWith("this run's noise came from a file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GenerationHistory.vary(ran("prompt=goldfish")));
        assertTrue(e.getMessage().contains("records no seed"), e.getMessage());
    }

    @Test
    void keepsTheLastRunsInOrderAndTellsItsListeners() {
        GenerationHistory history = new GenerationHistory(3);
        AtomicInteger told = new AtomicInteger();
        history.addListener(told::incrementAndGet);
        for (int seed = 1; seed <= 5; seed++) {
            history.add(ran("prompt=goldfish images=2 seed=" + seed), new ImagePlus("NiT goldfish " + seed,
                    new ColorProcessor(8, 8)));
        }
        assertEquals(5, told.get());
        List<Integer> numbers = history.entries().stream().map(e -> e.number).collect(Collectors.toList());
        assertEquals(List.of(3, 4, 5), numbers, "the oldest are dropped");
        assertEquals(5, history.latest().orElseThrow().number);
        assertTrue(history.find(1).isEmpty());
        GenerationHistory.Entry entry = history.find(4).orElseThrow();
        assertEquals("NiT goldfish 4", entry.title);
        assertTrue(entry.summary().matches("#4  \\d\\d:\\d\\d:\\d\\d  goldfish, 256 x 256, 2 images, seeds 4-5 fast"),
                entry.summary());
        assertNull(entry.image(), "an image that is not shown is not offered as a start image");
    }

    @Test
    void readsTheRecordedLineAnImageCarries() {
        GenerateOptions options = ran("prompt=[golden retriever] width=64 height=48 images=1 seed=7 preset=fast"
                + " model=smoke-test");
        assertEquals(options, GenerateOptions.fromMacroCall(options.macroCall()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenerateOptions.fromMacroCall("java -jar nit-cli.jar generate --prompt goldfish --seed 7"));
        assertTrue(e.getMessage().startsWith("its nit.command is not a \"NiT Generate...\" macro line"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GenerateOptions.fromMacroCall(null));
        assertTrue(e.getMessage().startsWith("the image has no nit.command"), e.getMessage());
    }
}
