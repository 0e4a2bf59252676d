package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import io.github.nitfiji.PngText;
import java.io.File;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: PNG text keeps any prompt (item 13); a PNG write makes no ImageIO cache file (item 8). */
class ImageFilesTest {
    @TempDir
    Path dir;

    private static ImagePlus image() {
        return new ImagePlus("t", new ColorProcessor(8, 4));
    }

    @Test
    void nonLatin1PromptsSurviveInPngText() throws Exception {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("nit.prompt", "золотистый ретривер 金毛寻回犬 🐕");
        provenance.put("nit.model", "smoke-test é");
        Path png = dir.resolve("x.png");
        ImageFiles.write(image(), png, provenance);
        assertEquals(provenance, PngText.read(png));
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
