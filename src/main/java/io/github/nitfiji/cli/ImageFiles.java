package io.github.nitfiji.cli;

import io.github.nitfiji.io.PngFiles;
import io.github.nitfiji.io.TiffFiles;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.Provenance;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes results as PNG (8-bit RGB, provenance in text chunks) or TIFF (8-bit RGB, or with
 * {@code --float} R, G, B float channels; provenance as image properties and the Info text, as
 * Fiji's own TIFFs carry it), each completely or not at all. No ImageJ needed.
 */
final class ImageFiles {
    enum Format { PNG, TIFF }

    private static final List<String> CHANNELS = List.of("R", "G", "B");

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
     * Writes one image: 8-bit RGB, or ({@code float32}, TIFF only) R, G, B float channels in
     * [0, 1]. A TIFF holds the provenance as image properties ({@code getProp}) and as the Info
     * text, with {@code HideInfo}, so Show Info shows the Info text only: every key, in full.
     */
    static void write(GeneratedImage image, boolean float32, Path target, Map<String, String> provenance)
            throws IOException, UsageException {
        Format format = formatOf(target);
        if (format == Format.PNG && float32) {
            throw new UsageException("--float writes 32-bit data, which PNG cannot hold; use a .tif file");
        }
        if (format == Format.PNG) {
            BufferedImage rgb = new BufferedImage(image.width, image.height, BufferedImage.TYPE_INT_RGB);
            rgb.setRGB(0, 0, image.width, image.height, image.rgb(), 0, image.width);
            PngFiles.write(target, rgb, provenance);
            return;
        }
        Map<String, String> properties = new LinkedHashMap<>(provenance);
        properties.put("HideInfo", "true");
        String info = Provenance.asText(provenance);
        if (float32) {
            List<float[]> channels = List.of(image.unitChannel(0), image.unitChannel(1), image.unitChannel(2));
            TiffFiles.writeFloatChannels(target, image.width, image.height, channels, CHANNELS, info, properties);
        } else {
            TiffFiles.writeRgb(target, image.width, image.height, image.rgb(), info, properties);
        }
    }
}
