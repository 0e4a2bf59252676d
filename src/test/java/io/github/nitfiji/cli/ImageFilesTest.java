package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import java.io.File;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

/** Issue 13: PNG text keeps any prompt (item 13); a PNG write makes no ImageIO cache file (item 8). */
class ImageFilesTest {
    @TempDir
    Path dir;

    private static ImagePlus image() {
        return new ImagePlus("t", new ColorProcessor(8, 4));
    }

    /** Every text entry of a PNG, tEXt and iTXt alike. */
    private static Map<String, String> readText(Path png) throws Exception {
        Map<String, String> text = new HashMap<>();
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

    @Test
    void nonLatin1PromptsSurviveInPngText() throws Exception {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("nit.prompt", "золотистый ретривер 金毛寻回犬 🐕");
        provenance.put("nit.model", "smoke-test é");
        Path png = dir.resolve("x.png");
        ImageFiles.write(image(), png, provenance);
        assertEquals(provenance, readText(png));
    }

    @Test
    void writingAPngCreatesNoImageIoCacheFile() throws Exception {
        File cache = dir.resolve("imageio-cache").toFile();
        assertTrue(cache.mkdir());
        boolean usedCache = ImageIO.getUseCache();
        File oldDir = ImageIO.getCacheDirectory();
        ImageIO.setUseCache(true);
        ImageIO.setCacheDirectory(cache);
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            cache.toPath().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            ImageFiles.write(image(), dir.resolve("y.png"), Map.of("k", "v"));
            WatchKey key = watch.poll(500, TimeUnit.MILLISECONDS);
            assertEquals(null, key == null ? null : key.pollEvents().toString(),
                    "a cache file would be left behind in the temp folder if the write were killed");
        } finally {
            ImageIO.setUseCache(usedCache);
            ImageIO.setCacheDirectory(oldDir);
        }
    }
}
