package io.github.nitfiji.fiji.train;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open images as a dataset: class names from labels and titles, what is refused, and the folder it writes. */
class OpenImagesTest {
    @TempDir
    Path dir;

    @Test
    void aClassIsTheLabelOrTitleLessAFileExtension() {
        ImagePlus imp = rgb("cells.tif", 64, 64, 1);
        assertEquals("mitosis", OpenImages.className("mitosis.tif", imp, 1));
        assertEquals("cells", OpenImages.className("cells.ome.tiff", imp, 1));
        assertEquals("cell v2.5", OpenImages.className("cell v2.5", imp, 1), "a dot that is no extension stays");
        for (String bad : List.of("a/b", "a:b", ".hidden", " ")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OpenImages.className(bad, imp, 1));
            assertTrue(e.getMessage().contains("cannot name a folder") && e.getMessage().contains("'cells.tif'"),
                    e.getMessage());
        }
    }

    @Test
    void writesOneFolderPerClassOfPngsTheEngineReads() throws Exception {
        ImagePlus labelled = rgb("stack", 96, 64, 3);
        labelled.getStack().setSliceLabel("interphase", 1);
        labelled.getStack().setSliceLabel("mitosis.png", 2);
        ImagePlus titled = rgb("mitosis.tif", 64, 64, 2);
        ImagePlus tiny = rgb("dots", 16, 40, 1);
        List<String> warnings = new ArrayList<>();
        Path images = OpenImages.write(List.of(labelled, titled, tiny), false, dir.resolve("run/images"),
                warnings::add);
        assertEquals(1, count(images.resolve("interphase")), "slice 1's label");
        assertEquals(3, count(images.resolve("mitosis")), "slice 2's label, and the stack titled mitosis.tif");
        assertEquals(1, count(images.resolve("stack")), "an unlabelled slice takes the image's title");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("'dots'") && warnings.get(0).contains("16 x 40"), warnings.get(0));
        // by title only: one class per image
        OpenImages.write(List.of(labelled, titled), true, images, warnings::add);
        assertEquals(3, count(images.resolve("stack")));
        assertEquals(2, count(images.resolve("mitosis")));
        assertFalse(Files.exists(images.resolve("interphase")), "the folder is replaced, not added to");
    }

    @Test
    void refusesClassesThatDifferInCaseAndFoldersItDidNotWrite() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenImages.write(
                List.of(rgb("Mitosis", 64, 64, 1), rgb("mitosis", 64, 64, 1)), false, dir.resolve("a"), w -> { }));
        assertTrue(e.getMessage().contains("differ only in case"), e.getMessage());
        Path foreign = Files.createDirectories(dir.resolve("b/images"));
        e = assertThrows(IllegalArgumentException.class, () -> OpenImages.write(List.of(rgb("x", 64, 64, 1)), false,
                foreign, w -> { }));
        assertTrue(e.getMessage().contains("NiT Train did not write it"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OpenImages.write(List.of(), false, dir.resolve("c"),
                w -> { }));
        assertTrue(e.getMessage().contains("no image is open"), e.getMessage());
    }

    private static ImagePlus rgb(String title, int w, int h, int slices) {
        ImageStack stack = new ImageStack(w, h);
        for (int s = 0; s < slices; s++) {
            ColorProcessor cp = new ColorProcessor(w, h);
            cp.setColor(0x102030 * (s + 1));
            cp.fill();
            stack.addSlice(null, cp);
        }
        return new ImagePlus(title, stack);
    }

    private static long count(Path folder) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".png")).count();
        }
    }
}
