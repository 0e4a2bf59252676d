package io.github.nitfiji.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.awt.Rectangle;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 25, item 6: the burnt-in label changes the label's pixels and no others. */
class AiLabelTest {
    @ParameterizedTest
    @CsvSource({"128, 96", "768, 432", "64, 64", "32, 40"})
    void onlyTheLabelsPixelsChangeInAnRgbImage(int width, int height) {
        ColorProcessor before = noise(width, height);
        ColorProcessor after = (ColorProcessor) before.duplicate();
        AiLabel.burnInto(after);
        assertOnlyInside(before, after, AiLabel.bounds(width, height));
    }

    @Test
    void floatDataGetsTheDisplayRangesEnds() {
        FloatProcessor before = new FloatProcessor(96, 64);
        Random r = new Random(5);
        for (int i = 0; i < 96 * 64; i++) {
            before.setf(i, r.nextFloat());
        }
        before.setMinAndMax(0, 1);
        FloatProcessor after = (FloatProcessor) before.duplicate();
        after.setMinAndMax(0, 1);
        AiLabel.burnInto(after);
        Rectangle box = AiLabel.bounds(96, 64);
        assertOnlyInside(before, after, box);
        boolean zero = false;
        boolean one = false;
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                zero |= after.getf(x, y) == 0f;
                one |= after.getf(x, y) == 1f;
            }
        }
        assertTrue(zero && one, "a box at the range's low end with text at its high end");
    }

    @Test
    void theLabelSitsAtTheLowerLeftAndGrowsWithTheImage() {
        Rectangle small = AiLabel.bounds(256, 256);
        Rectangle large = AiLabel.bounds(2048, 2048);
        assertEquals(2, small.x);
        assertEquals(256 - 2, small.y + small.height);
        assertTrue(large.height > small.height && large.width < 2048 / 2, small + " " + large);
    }

    private static ColorProcessor noise(int width, int height) {
        ColorProcessor ip = new ColorProcessor(width, height);
        Random r = new Random(width * 31L + height);
        for (int i = 0; i < width * height; i++) {
            ip.set(i, r.nextInt() & 0xffffff);
        }
        return ip;
    }

    private static void assertOnlyInside(ImageProcessor before, ImageProcessor after, Rectangle box) {
        int changedInside = 0;
        for (int y = 0; y < before.getHeight(); y++) {
            for (int x = 0; x < before.getWidth(); x++) {
                boolean changed = Float.compare(before.getf(x, y), after.getf(x, y)) != 0;
                if (box.contains(x, y)) {
                    changedInside += changed ? 1 : 0;
                } else {
                    assertTrue(!changed, "pixel " + x + "," + y + " outside the label " + box + " changed");
                }
            }
        }
        assertTrue(changedInside > box.width * box.height / 2, changedInside + " of the label's pixels changed");
    }
}
