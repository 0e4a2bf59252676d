package io.github.nitfiji.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import io.github.nitfiji.IsolatedModelsFolder;
import io.github.nitfiji.fiji.source.FijiSources;
import io.github.nitfiji.fiji.source.SourceType;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.PipelineCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Start images keep their type (issue 25 item 7): {@code output=source} gives a 16-bit or 32-bit
 * grey source back its own type, values within its display range, LUT and calibration, and the
 * pixels kept from it their own values; every result from a source keeps its calibration.
 */
class SourceTypeOutputTest {
    private static final int W = 64;
    private static final int H = 48;
    private static IsolatedModelsFolder modelsFolder;

    @BeforeAll
    static void isolatedModelsFolder() throws Exception {
        modelsFolder = IsolatedModelsFolder.enter("nit-source-type-models");
    }

    @AfterAll
    static void restore() {
        PipelineCache.shared().free(m -> { }, () -> false);
        modelsFolder.leave();
    }

    @AfterEach
    void forget() {
        WindowManager.setTempCurrentImage(null);
    }

    /** A 12-bit camera image shown with the display range 100..4000, 0.5 um per pixel. */
    private static ImagePlus camera() {
        ShortProcessor sp = new ShortProcessor(W, H);
        for (int i = 0; i < W * H; i++) {
            sp.set(i, 100 + (i * 37) % 3900);
        }
        ImagePlus imp = new ImagePlus("camera", sp);
        imp.setDisplayRange(100, 4000);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.5;
        cal.pixelHeight = 0.5;
        cal.setUnit("um");
        WindowManager.setTempCurrentImage(imp);
        return imp;
    }

    private static GenerateJob.Outcome run(String options) throws Exception {
        return new GenerateJob(GenerateOptions.parse(options + " " + GenerateJobTest.QUICK),
                new GenerateJobTest.Recording(), () -> false).run();
    }

    @Test
    void aSixteenBitSourceGivesSixteenBitWithinItsRangeAndKeepsItsCalibration() throws Exception {
        ImagePlus source = camera();
        source.setRoi(new Roi(8, 8, 20, 16));
        GenerateJob.Outcome outcome = run("prompt=goldfish source=[camera] strength=0.8 images=2 steps=3 seed=4 "
                + "output=source");
        ImagePlus result = outcome.image;
        assertEquals(16, result.getBitDepth(), "the source's type, not 8-bit RGB");
        assertEquals(2, result.getStackSize());
        assertEquals(0.5, result.getCalibration().pixelWidth);
        assertEquals(0.5, result.getCalibration().pixelHeight);
        assertEquals("\u00b5m", result.getCalibration().getUnit(), "ImageJ writes um as the micro sign");
        assertEquals(100, result.getDisplayRangeMin());
        assertEquals(4000, result.getDisplayRangeMax());
        short[] original = (short[]) source.getProcessor().getPixels();
        for (int n = 1; n <= 2; n++) {
            short[] values = (short[]) result.getStack().getPixels(n);
            int inside = 0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int i = y * W + x;
                    int v = values[i] & 0xffff;
                    assertTrue(v >= 100 && v <= 4000, "slice " + n + " (" + x + ", " + y + ") = " + v
                            + " is in the source's display range");
                    boolean farOutside = x >= 28 + 16 || y >= 24 + 16;
                    if (farOutside) {
                        assertEquals(original[i] & 0xffff, v, "kept pixels keep the source's own 16-bit value");
                    } else if (v != (original[i] & 0xffff)) {
                        inside++;
                    }
                }
            }
            assertTrue(inside > 0, "the selection was regenerated");
        }
        assertEquals("source", result.getProp("nit.output"));
        assertTrue(result.getProp("nit.output_type").startsWith("16-bit like 'camera': the result's luminance in its"
                + " display range 100-4000, with its calibration (0.5 x 0.5 \u00b5m per pixel)"),
                result.getProp("nit.output_type"));
        assertTrue(outcome.options.toMacroOptions().contains("output=source"), "recorded as it ran");
        GenerateJob.Outcome again = run(outcome.options.toMacroOptions());
        assertArrayEquals((short[]) result.getStack().getPixels(1), (short[]) again.image.getStack().getPixels(1),
                "the recorded line gives the same 16-bit values");
    }

    @Test
    void aFloatSourceGivesFloatValuesInItsRange() throws Exception {
        FloatProcessor fp = new FloatProcessor(W, H);
        for (int i = 0; i < W * H; i++) {
            fp.setf(i, -2f + (i % 97) / 24f);
        }
        ImagePlus source = new ImagePlus("phase", fp);
        source.setDisplayRange(-2, 2);
        WindowManager.setTempCurrentImage(source);
        ImagePlus result = run("prompt=goldfish source=[phase] strength=0.6 steps=2 seed=1 output=source").image;
        assertEquals(32, result.getBitDepth());
        float[] values = (float[]) result.getProcessor().getPixels();
        for (float v : values) {
            assertTrue(v >= -2 && v <= 2, v + " in -2..2");
        }
    }

    @Test
    void rgbStaysRgbAndEveryOutputFromASourceKeepsItsCalibration() throws Exception {
        ImagePlus camera = camera();
        ImagePlus rgb = run("prompt=goldfish source=[camera] strength=0.6 steps=2 seed=1").image;
        assertEquals(ImagePlus.COLOR_RGB, rgb.getType(), "output RGB as before");
        assertEquals(0.5, rgb.getCalibration().pixelWidth, "the calibration is kept");
        ImagePlus refined = run("prompt=goldfish source=[camera] steps=2 seed=1 refine_to=128x96").image;
        assertEquals(0.25, refined.getCalibration().pixelWidth, "twice the pixels: half the pixel size");
        ImagePlus colour = new ImagePlus("colour", new ColorProcessor(W, H));
        colour.setCalibration(camera.getCalibration());
        WindowManager.setTempCurrentImage(colour);
        ImagePlus fromColour = run("prompt=goldfish source=[colour] steps=2 seed=1 output=source").image;
        assertEquals(ImagePlus.COLOR_RGB, fromColour.getType());
        assertEquals(0.5, fromColour.getCalibration().pixelWidth);
    }

    @Test
    void theDialogTextSaysWhatEachOutputMakes() {
        SourceType type = SourceType.of(camera(), FijiSources.Slices.CURRENT);
        assertTrue(type.grey());
        assertEquals("8-bit RGB, with its calibration (0.5 x 0.5 \u00b5m per pixel)", type.describe(ImageOutput.RGB));
        assertEquals("32-bit R, G, B channels, with its calibration (0.5 x 0.5 \u00b5m per pixel)",
                type.describe(ImageOutput.FLOAT32));
        assertEquals("16-bit like 'camera': the result's luminance in its display range 100-4000, with its"
                + " calibration (0.5 x 0.5 \u00b5m per pixel)", type.describe(ImageOutput.SOURCE));
    }

    @Test
    void sourceOutputFromNoiseIsRefusedNamingWhatToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenerateOptions.parse("prompt=goldfish output=source"));
        assertEquals("output source keeps the type of the image you start from, so it needs one (source); from noise,"
                + " use RGB or 32-bit", e.getMessage());
    }
}
