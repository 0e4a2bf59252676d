package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

class DecodeMemoryEstimateTest {
    private static final DcAeConfig SANA = DcAeConfig.fromJson(DcAeConfigTest.SANA_1_1);

    @Test
    void sanaDecoderHasAbout159MillionParameters() {
        long params = DecoderParameters.count(SANA);
        System.out.println("sana f32c32 decoder parameters: " + params);
        assertTrue(params > 158_000_000L && params < 160_000_000L, "parameters " + params);
        assertEquals(params * 4, DecodeMemoryEstimate.weightBytes(SANA, DataType.FLOAT32));
        assertEquals(params * 2, DecodeMemoryEstimate.weightBytes(SANA, DataType.FLOAT16));
    }

    /** At 1024^2 the largest map is the stage-0 up block's upsampled input: 256 channels x 1024^2. */
    @Test
    void sanaPeakIsSetByTheLastUpBlock() {
        long pixels = 1024L * 1024;
        long expected = DecodeMemoryEstimate.LIVE_MAPS * 256 * pixels * 4 + 3 * pixels * 4;
        assertEquals(expected, DecodeMemoryEstimate.activationBytes(SANA, 1, 32, 32));
        assertEquals(2 * expected, DecodeMemoryEstimate.activationBytes(SANA, 2, 32, 32));
    }

    /** On a 1x1 latent the 8C GLUMBConv expansion at the deep stages outweighs the full-size maps. */
    @Test
    void tinyLatentsArePricedByTheDeepStages() {
        long glumb = 8L * 1024 * 4;
        long stage2Up = 512L * 8 * 8;
        long stage0Up = 256L * 32 * 32;
        long largest = Math.max(glumb, Math.max(stage2Up, stage0Up));
        assertEquals(DecodeMemoryEstimate.LIVE_MAPS * largest * 4 + 3 * 32 * 32 * 4,
                DecodeMemoryEstimate.activationBytes(SANA, 1, 1, 1));
    }

    @Test
    void growsWithTheImage() {
        long previous = 0;
        for (int size = 1; size <= 128; size *= 2) {
            long bytes = DecodeMemoryEstimate.activationBytes(SANA, 1, size, size);
            assertTrue(bytes > previous);
            previous = bytes;
        }
        assertTrue(DecodeMemoryEstimate.fits(SANA, 1, 16, 16, 4L << 30));
        assertTrue(!DecodeMemoryEstimate.fits(SANA, 1, 128, 128, 24L << 30), "4096^2 untiled needs > 24 GB");
    }
}
