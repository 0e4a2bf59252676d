package io.github.nitfiji.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.nit.NitConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image-to-image benchmark with a one-block NiT and the real DC-AE shape, at small sizes. */
class ImageToImageTimingTest {
    @Test
    void reportsEverySizeAsSoonAsItIsMeasured() throws Exception {
        NitConfig nit = new NitConfig(96, 1, 4, 4.0, 1, 32, 1000, true);
        List<String> events = new ArrayList<>();
        List<ImageToImageTiming> rows = new ArrayList<>();
        ImageToImageTiming.measure(new int[] {64, 96}, nit, Device.cpu(), DataType.FLOAT32, AttentionKind.EAGER,
                m -> { }, new ImageToImageTiming.Listener() {
                    @Override
                    public void phase(String what) {
                        events.add(what);
                    }

                    @Override
                    public void measured(ImageToImageTiming timing) {
                        events.add("row " + timing.pixels);
                        rows.add(timing);
                    }
                });
        // each size's row comes before the next size's first phase
        int row64 = events.indexOf("row 64");
        int first96 = events.indexOf("96^2: encode + decode (strength 0)");
        assertTrue(row64 >= 0 && first96 > row64, events.toString());
        assertEquals("row 96", events.get(events.size() - 1));
        assertEquals(2, rows.size());
        assertEquals(30, ImageToImageTiming.stepsAtStrength());
        for (ImageToImageTiming t : rows) {
            assertTrue(t.encodeSeconds > 0 && t.decodeSeconds > 0 && t.msPerStep > 0, "all phases timed");
            assertEquals(t.encodeSeconds + 30 * t.msPerStep / 1000 + t.decodeSeconds, t.composedSeconds(), 1e-9);
            assertFalse(t.encodeTiled || t.decodeTiled, "a small image is encoded and decoded whole");
        }
    }
}
