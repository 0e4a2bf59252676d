package io.github.nitfiji.cli;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import io.github.nitfiji.io.AtomicFiles;
import io.github.nitfiji.io.PngFiles;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes results as PNG (8-bit RGB, provenance in tEXt chunks) or TIFF (ImageJ's writer:
 * provenance as image properties), each completely or not at all ({@link AtomicFiles}).
 */
final class ImageFiles {
    enum Format { PNG, TIFF }

    private ImageFiles() {
    }

    static Format formatOf(Path path) throws UsageException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return Format.PNG;
        }
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            return Format.TIFF;
        }
        throw new UsageException("--out " + path + ": use a .png, .tif or .tiff file name");
    }

    /** Replaces {i} (image number from 1) and {seed} in a path pattern. */
    static Path expand(Path pattern, int index, long seed) {
        String name = pattern.getFileName().toString()
                .replace("{i}", Integer.toString(index)).replace("{seed}", Long.toString(seed));
        return pattern.resolveSibling(name);
    }

    /**
     * One image as ImageJ's writer takes it: 8-bit RGB, or ({@code float32}) R, G, B float slices
     * in [0, 1]; provenance as image properties (saved in TIFF) and in the Info text.
     */
    static ImagePlus image(GeneratedImage image, boolean float32, String title, Map<String, String> provenance) {
        ImagePlus imp;
        if (float32) {
            ImageStack stack = new ImageStack(image.width, image.height);
            String[] channels = {"R", "G", "B"};
            for (int c = 0; c < 3; c++) {
                stack.addSlice(channels[c], new FloatProcessor(image.width, image.height, image.unitChannel(c)));
            }
            imp = new ImagePlus(title, stack);
            imp.setDimensions(3, 1, 1);
        } else {
            imp = new ImagePlus(title, new ColorProcessor(image.width, image.height, image.rgb()));
        }
        provenance.forEach(imp::setProp);
        imp.setProp("HideInfo", "true"); // Show Info then shows the Info text only: every key, in full
        imp.setProperty("Info", Provenance.asText(provenance));
        return imp;
    }

    static void write(ImagePlus imp, Path target, Map<String, String> provenance) throws IOException, UsageException {
        Format format = formatOf(target);
        if (format == Format.PNG && imp.getBitDepth() != 24) {
            throw new UsageException("--float writes 32-bit data, which PNG cannot hold; use a .tif file");
        }
        if (format == Format.PNG) {
            PngFiles.write(target, imp.getBufferedImage(), provenance);
            return;
        }
        AtomicFiles.write(target, file -> {
            if (!new FileSaver(imp).saveAsTiff(file.toString())) {
                throw new IOException("ImageJ's TIFF writer failed for " + target + " (is the disk full, or the folder"
                        + " read-only?)");
            }
        });
    }
}
