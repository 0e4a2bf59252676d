package io.github.nitfiji.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.CompositeImage;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;

class ResultImagesTest {
    @Test
    void floatStacksAreRedGreenBlueCompositesShownFromZeroToOne() throws Exception {
        ImagePlus imp = GenerateJobTest.generate("prompt=goldfish width=33 height=32 images=2 seed=3 steps=1 "
                + "output=32-bit", new GenerateJobTest.Recording()).image;
        assertTrue(imp instanceof CompositeImage);
        CompositeImage c = (CompositeImage) imp;
        assertEquals(CompositeImage.COMPOSITE, c.getMode());
        assertEquals(3, c.getNChannels());
        assertEquals(2, c.getNSlices());
        assertEquals(0.0, c.getChannelLut(1).min);
        assertEquals(1.0, c.getChannelLut(3).max);
        assertEquals(0xff0000, c.getChannelLut(1).getRGB(255) & 0xffffff);
        assertEquals("goldfish | seed 4 | G", c.getStack().getSliceLabel(c.getStackIndex(2, 2, 1)));
        assertEquals("AI-generated image", c.getProp("nit.notice"));
    }
}
