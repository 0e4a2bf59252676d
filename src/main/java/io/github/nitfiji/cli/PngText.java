package io.github.nitfiji.cli;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.metadata.IIOMetadataNode;

/**
 * Provenance as PNG text chunks. tEXt holds Latin-1 only, so a prompt in Greek, Chinese or with
 * emoji would be corrupted there; such values go to an iTXt chunk, which holds UTF-8. Latin-1
 * values stay in tEXt, which every PNG reader shows.
 */
final class PngText {
    /** PNG keywords are 1 to 79 Latin-1 characters. */
    private static final int MAX_KEYWORD = 79;

    private PngText() {
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
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        if (latin1.getLength() > 0) {
            root.appendChild(latin1);
        }
        if (utf8.getLength() > 0) {
            root.appendChild(utf8);
        }
        return root;
    }
}
