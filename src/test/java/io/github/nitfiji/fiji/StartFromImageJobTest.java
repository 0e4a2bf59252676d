package io.github.nitfiji.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import io.github.nitfiji.IsolatedModelsFolder;
import io.github.nitfiji.pipeline.PipelineCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** "Start from an image" through the Fiji job with real ImagePlus sources, on the smoke-test model. */
class StartFromImageJobTest {
    private static final int W = 70;
    private static final int H = 50;
    private static IsolatedModelsFolder modelsFolder;

    @BeforeAll
    static void isolatedModelsFolder() throws Exception {
        modelsFolder = IsolatedModelsFolder.enter("nit-start-models");
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

    private static ImagePlus cells() {
        ImageStack stack = new ImageStack(W, H);
        for (int z = 0; z < 2; z++) {
            ByteProcessor bp = new ByteProcessor(W, H);
            for (int i = 0; i < W * H; i++) {
                bp.set(i, (i * 7 + z * 50) % 256);
            }
            stack.addSlice(bp);
        }
        ImagePlus imp = new ImagePlus("cells", stack);
        WindowManager.setTempCurrentImage(imp);
        return imp;
    }

    private static GenerateJob.Outcome run(String options) throws Exception {
        return new GenerateJob(GenerateOptions.parse(options + " " + GenerateJobTest.QUICK), new GenerateJobTest.Recording(),
                () -> false).run();
    }

    @Test
    void everySliceRegeneratesInsideTheSelectionAndKeepsTheRestExactly() throws Exception {
        ImagePlus source = cells();
        source.setRoi(new Roi(20, 10, 16, 12));
        GenerateJob.Outcome outcome = run("prompt=goldfish source=[cells] strength=0.5 images=2 steps=4 seed=3 "
                + "slices=all");
        ImagePlus result = outcome.image;
        assertEquals(W, result.getWidth(), "the source's exact size");
        assertEquals(H, result.getHeight());
        assertEquals(4, result.getStackSize(), "2 slices x 2 variations");
        for (int n = 1; n <= 4; n++) {
            int z = (n - 1) / 2 + 1;
            int[] rgb = (int[]) result.getStack().getProcessor(n).getPixels();
            byte[] grey = (byte[]) source.getStack().getProcessor(z).getPixels();
            int changed = 0;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int i = y * W + x;
                    int level = grey[i] & 0xff;
                    boolean farOutside = x < 20 - 16 || x >= 36 + 16 || y < 10 - 16 || y >= 22 + 16;
                    if (farOutside) {
                        assertEquals(level << 16 | level << 8 | level, rgb[i] & 0xffffff, "slice " + n + " (" + x
                                + ", " + y + ") outside the feather band is the source");
                    } else if ((rgb[i] & 0xffffff) != (level << 16 | level << 8 | level)) {
                        changed++;
                    }
                }
            }
            assertTrue(changed > 0, "slice " + n + " changed inside the selection");
        }
        assertEquals("cells (z 1, t 1)", result.getProp("nit.source"));
        assertEquals("0.5", result.getProp("nit.strength"));
        assertEquals("2", result.getProp("nit.steps_run"), "ceil(0.5 x 4)");
        assertEquals(64, result.getProp("nit.source_sha256").length());
        String recorded = outcome.options.toMacroOptions();
        assertTrue(recorded.contains("source=cells") && recorded.contains("slices=all")
                && recorded.contains("strength=0.5") && recorded.contains("seed=3"), recorded);
        assertFalse(recorded.contains("width="), recorded);

        GenerateJob.Outcome again = run(recorded);
        for (int n = 1; n <= 4; n++) {
            assertArrayEquals((int[]) result.getStack().getProcessor(n).getPixels(),
                    (int[]) again.image.getStack().getProcessor(n).getPixels(), "the recorded line regenerates it");
        }
    }

    @Test
    void missingImagesAndBadStrengthsAreClearErrors() {
        cells();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("prompt=goldfish source=[nuclei] steps=2 seed=1"));
        assertTrue(e.getMessage().contains("no open image has this title"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GenerateOptions.parse("source=[cells] strength=1.5"));
        assertTrue(e.getMessage().contains("strength must be 0..1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GenerateOptions.parse("source=[cells] slices=odd"));
        assertTrue(e.getMessage().contains("slices=current or slices=all"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GenerateOptions.parse("source=[cells] refine_to=big"));
        assertTrue(e.getMessage().contains("WxH"), e.getMessage());
    }
}
