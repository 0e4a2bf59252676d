package io.github.nitfiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NodeList;

/** Reads a PNG's text chunks back with javax.imageio, as any PNG reader would see them. */
public final class PngText {
    private PngText() {
    }

    /** Every text entry of a PNG, tEXt and iTXt alike. */
    public static Map<String, String> read(Path png) throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            NodeList latin1 = root.getElementsByTagName("tEXtEntry");
            for (int i = 0; i < latin1.getLength(); i++) {
                IIOMetadataNode e = (IIOMetadataNode) latin1.item(i);
                text.put(e.getAttribute("keyword"), e.getAttribute("value"));
            }
            NodeList utf8 = root.getElementsByTagName("iTXtEntry");
            for (int i = 0; i < utf8.getLength(); i++) {
                IIOMetadataNode e = (IIOMetadataNode) utf8.item(i);
                text.put(e.getAttribute("keyword"), e.getAttribute("text"));
            }
            reader.dispose();
        }
        return text;
    }
}
