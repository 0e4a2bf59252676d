package io.github.nitfiji.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * 8-bit RGB PNG files with text chunks (provenance), written completely or not at all. tEXt holds
 * Latin-1 only, so a prompt in Greek, Chinese or with emoji would be corrupted there; such values
 * go to an iTXt chunk, which holds UTF-8. Latin-1 values stay in tEXt, which every PNG reader
 * shows. (ImageJ's own PNG writer writes no text at all.)
 */
public final class PngFiles {
    /** PNG keywords are 1 to 79 Latin-1 characters. */
    private static final int MAX_KEYWORD = 79;
    private static final String FORMAT = "javax_imageio_png_1.0";

    private PngFiles() {
    }

    /** Writes {@code image} as 8-bit RGB to {@code target} with {@code text} as text chunks, atomically. */
    public static void write(Path target, BufferedImage image, Map<String, String> text) throws IOException {
        BufferedImage rgb = image;
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, null);
        }
        BufferedImage pixels = rgb;
        AtomicFiles.write(target, file -> writeFile(pixels, file, text));
    }

    private static void writeFile(BufferedImage rgb, Path file, Map<String, String> text) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        ImageWriter writer = writers.next();
        // straight to the file: ImageIO's stream wrapper would add a cache file in the temp folder
        Files.deleteIfExists(file);
        try (ImageOutputStream ios = new FileImageOutputStream(file.toFile())) {
            writer.setOutput(ios);
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), null);
            meta.mergeTree(FORMAT, chunks(text));
            writer.write(null, new IIOImage(rgb, null, meta), null);
        } finally {
            writer.dispose();
        }
    }

    /** The PNG metadata tree: a {@code tEXt} node, and an {@code iTXt} node when some value needs UTF-8. */
    static IIOMetadataNode chunks(Map<String, String> text) {
        IIOMetadataNode latin1 = new IIOMetadataNode("tEXt");
        IIOMetadataNode utf8 = new IIOMetadataNode("iTXt");
        text.forEach((k, v) -> {
            String keyword = k.length() > MAX_KEYWORD ? k.substring(0, MAX_KEYWORD) : k;
            if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(v)) {
                IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                entry.setAttribute("keyword", keyword);
                entry.setAttribute("value", v);
                latin1.appendChild(entry);
            } else {
                IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
                entry.setAttribute("keyword", keyword);
                entry.setAttribute("compressionFlag", "FALSE");
                entry.setAttribute("compressionMethod", "0");
                entry.setAttribute("languageTag", "");
                entry.setAttribute("translatedKeyword", "");
                entry.setAttribute("text", v);
                utf8.appendChild(entry);
            }
        });
        IIOMetadataNode root = new IIOMetadataNode(FORMAT);
        if (latin1.getLength() > 0) {
            root.appendChild(latin1);
        }
        if (utf8.getLength() > 0) {
            root.appendChild(utf8);
        }
        return root;
    }
}
