package io.github.nitfiji.fiji.source;

import static org.junit.jupiter.api.Assertions.*;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import io.github.nitfiji.fiji.source.FijiSources.Slices;
import io.github.nitfiji.source.SourceImage;
import java.awt.Color;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ImageJ image type, as real ImagePlus objects, converted to the RGB the user sees. */
class FijiSourcesTest {
    private static final int W = 45;
    private static final int H = 33;

    /** The 8-bit level of channel c (0 = R) at pixel i, back from the source's [-1, 1]. */
    private static int level(SourceImage s, int c, int i) {
        return (int) (255f * (s.rgbPlane(c)[i] + 1f) / 2f);
    }

    private static SourceImage only(ImagePlus imp) {
        List<SourceImage> sources = FijiSources.of(imp, Slices.CURRENT);
        assertEquals(1, sources.size());
        SourceImage s = sources.get(0);
        assertEquals(W, s.width, "the source's exact size");
        assertEquals(H, s.height);
        return s;
    }

    @Test
    void eightBitGreyIsReplicatedExactlyAndHashedRaw() throws Exception {
        ByteProcessor bp = new ByteProcessor(W, H);
        for (int i = 0; i < W * H; i++) {
            bp.set(i, i % 256);
        }
        ImagePlus imp = new ImagePlus("grey8", bp);
        SourceImage s = only(imp);
        for (int i = 0; i < W * H; i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(i % 256, level(s, c, i));
            }
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest((byte[]) bp.getPixels());
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        assertEquals(hex.toString(), s.pixelsSha256);
        assertEquals("grey8", s.title);
        assertEquals("", s.calibration);
        assertFalse(s.hasSelection());
    }

    @Test
    void greyGoesThroughTheCurrentDisplayRangeAndLut() {
        ByteProcessor bp = new ByteProcessor(W, H);
        bp.set(0, 20);
        bp.set(1, 100);
        bp.set(2, 200);
        ImagePlus imp = new ImagePlus("ranged", bp);
        imp.setDisplayRange(50, 150);
        SourceImage s = only(imp);
        assertEquals(0, level(s, 0, 0));
        assertEquals(127, level(s, 1, 1), 1);
        assertEquals(255, level(s, 2, 2));

        ShortProcessor sp = new ShortProcessor(W, H);
        sp.set(0, 1000);
        sp.set(1, 2000);
        sp.set(2, 60000);
        ImagePlus sixteen = new ImagePlus("16", sp);
        sixteen.setDisplayRange(1000, 3000);
        s = only(sixteen);
        assertEquals(0, level(s, 0, 0));
        assertEquals(127, level(s, 0, 1), 1);
        assertEquals(255, level(s, 0, 2));
        assertEquals(level(s, 0, 1), level(s, 2, 1), "grey: R = G = B");

        FloatProcessor fp = new FloatProcessor(W, H);
        fp.setf(0, -3f);
        fp.setf(1, 0.5f);
        fp.setf(2, 7f);
        ImagePlus thirtyTwo = new ImagePlus("32", fp);
        thirtyTwo.setDisplayRange(0, 1);
        s = only(thirtyTwo);
        assertEquals(0, level(s, 1, 0));
        assertEquals(127, level(s, 1, 1), 1);
        assertEquals(255, level(s, 1, 2));

        ByteProcessor inverted = new ByteProcessor(W, H);
        inverted.invertLut();
        s = only(new ImagePlus("inverted", inverted));
        assertEquals(255, level(s, 0, 0), "an inverting LUT shows 0 as white");
    }

    @Test
    void rgbIsTakenAsIs() {
        ColorProcessor cp = new ColorProcessor(W, H);
        cp.set(5, 0x123456);
        cp.set(6, 0xff00ff);
        SourceImage s = only(new ImagePlus("rgb", cp));
        assertEquals(0x12, level(s, 0, 5));
        assertEquals(0x34, level(s, 1, 5));
        assertEquals(0x56, level(s, 2, 5));
        assertEquals(255, level(s, 0, 6));
        assertEquals(0, level(s, 1, 6));
    }

    private static CompositeImage composite(int channels, int slices) {
        ImageStack stack = new ImageStack(W, H);
        for (int z = 0; z < slices; z++) {
            for (int c = 0; c < channels; c++) {
                ByteProcessor bp = new ByteProcessor(W, H);
                bp.setValue(10 * (c + 1) + z);
                bp.fill();
                stack.addSlice(bp);
            }
        }
        ImagePlus imp = new ImagePlus("composite", stack);
        imp.setDimensions(channels, slices, 1);
        CompositeImage ci = new CompositeImage(imp, CompositeImage.COMPOSITE);
        Color[] colours = {Color.red, Color.green, Color.blue, Color.white};
        for (int c = 1; c <= channels; c++) {
            LUT lut = LUT.createLutFromColor(colours[c - 1]);
            lut.min = 0;
            lut.max = 255;
            ci.setChannelLut(lut, c);
        }
        return ci;
    }

    @Test
    void compositesShowTheirVisibleChannelsAndRefuseMoreThanThree() {
        CompositeImage ci = composite(3, 2);
        ci.setPosition(1, 2, 1);
        SourceImage s = only(ci);
        assertEquals(11, level(s, 0, 0));
        assertEquals(21, level(s, 1, 0));
        assertEquals(31, level(s, 2, 0));

        ci.setActiveChannels("101");
        s = only(ci);
        assertEquals(0, level(s, 1, 0), "a hidden channel adds nothing");

        CompositeImage four = composite(4, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FijiSources.of(four, Slices.CURRENT));
        assertTrue(e.getMessage().contains("shows 4 channels") && e.getMessage().contains("at most three"),
                e.getMessage());
        four.setActiveChannels("1100");
        assertEquals(1, FijiSources.of(four, Slices.CURRENT).size());
    }

    @Test
    void stacksGiveTheCurrentSliceOrEverySlice() {
        ImageStack stack = new ImageStack(W, H);
        for (int z = 0; z < 3; z++) {
            ByteProcessor bp = new ByteProcessor(W, H);
            bp.setValue(50 * (z + 1));
            bp.fill();
            stack.addSlice(bp);
        }
        ImagePlus imp = new ImagePlus("stack", stack);
        imp.setSlice(2);
        assertEquals(100, level(only(imp), 0, 0));
        List<SourceImage> all = FijiSources.of(imp, Slices.ALL);
        assertEquals(3, all.size());
        for (int z = 0; z < 3; z++) {
            assertEquals(50 * (z + 1), level(all.get(z), 0, 7));
            assertEquals(W, all.get(z).width);
            assertEquals(H, all.get(z).height);
            assertEquals("stack (z " + (z + 1) + ", t 1)", all.get(z).title);
        }
        assertNotEquals(all.get(0).pixelsSha256, all.get(1).pixelsSha256);
        assertEquals(2, imp.getCurrentSlice(), "the image is not changed");

        CompositeImage ci = composite(2, 3);
        List<SourceImage> positions = FijiSources.of(ci, Slices.ALL);
        assertEquals(3, positions.size(), "every z of a two-channel composite");
        assertEquals(12, level(positions.get(2), 0, 0));

        assertThrows(IllegalArgumentException.class, () -> Slices.parse("some"));
        assertEquals(Slices.ALL, Slices.parse("ALL"));
        assertEquals(Slices.CURRENT, Slices.parse(null));
    }

    @Test
    void areaSelectionsBecomeTheMaskAndOtherSelectionsAreRefused() {
        ImagePlus imp = new ImagePlus("roi", new ByteProcessor(W, H));
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().pixelHeight = 0.25;
        imp.getCalibration().setUnit("um");
        imp.setRoi(new OvalRoi(10, 5, 20, 12));
        SourceImage s = only(imp);
        assertTrue(s.hasSelection());
        assertTrue(s.selected(20 + 11 * W), "the oval's centre");
        assertFalse(s.selected(10 + 5 * W), "the bounding box corner lies outside the oval");
        assertFalse(s.selected(0));
        assertEquals("0.5 x 0.25 " + imp.getCalibration().getUnit() + " per pixel", s.calibration);

        imp.setRoi(new Line(1, 1, 30, 20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FijiSources.of(imp, Slices.CURRENT));
        assertTrue(e.getMessage().contains("needs an area"), e.getMessage());

        ImagePlus tiny = new ImagePlus("tiny", new ByteProcessor(31, 40));
        e = assertThrows(IllegalArgumentException.class, () -> FijiSources.of(tiny, Slices.CURRENT));
        assertTrue(e.getMessage().contains("source 'tiny' is 31 x 40 px"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FijiSources.of(null, Slices.CURRENT));
    }
}
