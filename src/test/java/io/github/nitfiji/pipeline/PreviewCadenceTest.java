package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When previews are shown (issue 25 item 5): off by default on the CPU, on by default on a GPU. */
class PreviewCadenceTest {
    private static List<Integer> shown(int steps, int every) {
        List<Integer> at = new ArrayList<>();
        for (int step = 1; step <= steps; step++) {
            if (PreviewCadence.at(step, steps, every)) {
                at.add(step);
            }
        }
        return at;
    }

    @Test
    void autoIsOffOnTheCpuAndAboutEightPerRunOnAGpu() {
        assertEquals(0, PreviewCadence.every("auto", false, 50));
        assertEquals(0, PreviewCadence.every(null, false, 4));
        assertEquals(7, PreviewCadence.every("auto", true, 50));
        assertEquals(List.of(7, 14, 21, 28, 35, 42, 49), shown(50, PreviewCadence.every("auto", true, 50)));
        assertEquals(List.of(1, 2, 3), shown(4, PreviewCadence.every("AUTO", true, 4)), "a 4-step TiM run on a GPU");
        assertEquals(List.of(), shown(1, PreviewCadence.every("auto", true, 1)), "one step: nothing before the image");
    }

    @Test
    void aChosenNumberIsTheSameOnEveryDeviceAndOffIsOff() {
        assertEquals(5, PreviewCadence.every("5", false, 50));
        assertEquals(5, PreviewCadence.every(" 5 ", true, 50));
        assertEquals(0, PreviewCadence.every("off", true, 50));
        assertEquals(0, PreviewCadence.every("0", true, 50));
        assertEquals(List.of(5, 10), shown(12, 5));
        assertEquals(List.of(5), shown(10, 5), "never at the last step: the finished image follows at once");
        assertEquals(List.of(), shown(10, 0));
    }

    @Test
    void anythingElseIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PreviewCadence.every("often", true, 50));
        assertEquals("previews 'often' is unknown; use auto, off or a number of steps (e.g. 5)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PreviewCadence.every("-2", true, 50));
    }
}
