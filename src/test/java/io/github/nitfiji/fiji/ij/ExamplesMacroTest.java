package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every examples/*.ijm runs, unchanged, in a real headless ImageJ with the bundled smoke-test model. */
@Tag("imagej")
class ExamplesMacroTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final HeadlessFiji imagej = HeadlessFiji.withEmptyModels(() -> dir);

    static HeadlessImageJ.MacroResult run(String example, String argument) throws Exception {
        String macro = new String(Files.readAllBytes(Paths.get("examples", example)), StandardCharsets.UTF_8);
        HeadlessImageJ.MacroResult r = imagej.runMacro(macro, argument);
        assertNull(r.error, example + ": " + r);
        return r;
    }

    @Test
    void singleImage() throws Exception {
        assertEquals("NiT golden retriever 256x192", run("single_image.ijm", null).returned);
    }

    @Test
    void seedSweep() throws Exception {
        assertEquals("4", run("seed_sweep.ijm", null).returned);
    }

    @Test
    void aspectRatios() throws Exception {
        assertEquals("128x128 128x96 128x171 128x72 128x228 128x43 128x384 ",
                run("aspect_ratios.ijm", null).returned);
    }

    @Test
    void variationsFromAnOpenImage() throws Exception {
        assertEquals("120x80 3", run("variations_from_image.ijm", null).returned);
    }

    @Test
    void regenerateInsideASelection() throws Exception {
        assertEquals("2 1", run("regenerate_selection.ijm", null).returned);
    }

    @Test
    void batchSavesTiffsWithProvenance() throws Exception {
        Path out = Files.createDirectories(dir.resolve("batch"));
        run("batch_save_tiffs.ijm", out + "/");
        ImagePlus fox = IJ.openImage(out.resolve("red_fox_seed1001.tif").toString());
        assertEquals(2, fox.getStackSize());
        assertEquals("red fox | seed 1002", fox.getStack().getSliceLabel(2));
        assertEquals("277", fox.getProp("nit.class"));
        assertEquals("AI-generated image", fox.getProp("nit.notice"));
        try (var files = Files.list(out)) {
            assertEquals(3, files.filter(p -> p.toString().endsWith(".tif")).count());
        }
    }
}
