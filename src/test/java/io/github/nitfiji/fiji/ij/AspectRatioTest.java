package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class AspectRatioTest {
    @Test
    void aspectButtonsSetTheHeightFromTheWidth() {
        assertEquals(432, AspectRatio.WIDE_16_9.heightFor(768));
        assertEquals(576, AspectRatio.LANDSCAPE_4_3.heightFor(768));
        assertEquals(1024, AspectRatio.PORTRAIT_3_4.heightFor(768));
        assertEquals(256, AspectRatio.PANORAMA_3_1.heightFor(768));
        assertEquals(8192, AspectRatio.TOWER_1_3.heightFor(4096), "kept within the largest side");
        assertEquals(32, AspectRatio.PANORAMA_3_1.heightFor(40), "kept within the smallest side");
        assertEquals("9:16", AspectRatio.TALL_9_16.label());
    }
}
