package io.github.nitfiji.train;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small synthetic training images: a class folder of PNGs in one colour with a white diagonal pattern. */
public final class TrainingImages {
    private TrainingImages() {
    }

    /** Writes {@code count} PNGs of w x h into {@code classDir}. */
    public static void write(Path classDir, int count, int w, int h, int rgb) throws Exception {
        Files.createDirectories(classDir);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.setRGB(x, y, (x + y + i) % 5 == 0 ? 0xffffff : rgb);
                }
            }
            ImageIO.write(image, "png", classDir.resolve("img" + i + ".png").toFile());
        }
    }
}
