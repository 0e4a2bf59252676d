package io.github.nitfiji.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * {@link TrainingImageReader} through javax.imageio: whatever ImageIO decodes (PNG, JPEG, BMP, GIF,
 * 8-bit TIFF), as sRGB 8-bit levels (grey and palette images become RGB; alpha is dropped, as PIL's
 * {@code convert("RGB")} does in the official preprocessing).
 */
public final class ImageIoReader implements TrainingImageReader {
    @Override
    public RgbPlanes read(Path file) throws IOException {
        BufferedImage image;
        try (InputStream in = Files.newInputStream(file)) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot be decoded (" + e.getMessage() + "); is it a complete image file?", e);
        }
        if (image == null) {
            throw new IOException(file + ": not an image format this reader knows (PNG, JPEG, BMP, GIF, 8-bit TIFF)");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        float[] planes = new float[3 * w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = row[x];
                int i = y * w + x;
                planes[i] = RgbPlanes.unit((rgb >> 16) & 0xff);
                planes[w * h + i] = RgbPlanes.unit((rgb >> 8) & 0xff);
                planes[2 * w * h + i] = RgbPlanes.unit(rgb & 0xff);
            }
        }
        return new RgbPlanes(w, h, planes);
    }
}
