package io.github.nitfiji.cli;

import io.github.nitfiji.pipeline.SourceImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.imageio.ImageIO;

/**
 * {@code --init-image} and {@code --mask}: image files read with Java's ImageIO (PNG, JPEG, BMP,
 * GIF, TIFF), converted to 8-bit sRGB as any viewer shows them.
 */
final class SourceFiles {
    private SourceFiles() {
    }

    /**
     * The source image, with the mask's white pixels (grey level above 127) as the area to
     * regenerate when a mask is given.
     */
    static SourceImage read(Path image, Path mask) throws UsageException, IOException {
        BufferedImage source = load(image, "--init-image");
        int w = source.getWidth();
        int h = source.getHeight();
        int[] rgb = source.getRGB(0, 0, w, h, null, 0, w);
        boolean[] selection = null;
        if (mask != null) {
            BufferedImage m = load(mask, "--mask");
            if (m.getWidth() != w || m.getHeight() != h) {
                throw new UsageException("--mask " + mask + " is " + m.getWidth() + " x " + m.getHeight()
                        + " px but --init-image is " + w + " x " + h + "; give a mask of the image's exact size");
            }
            int[] pixels = m.getRGB(0, 0, w, h, null, 0, w);
            selection = new boolean[w * h];
            for (int i = 0; i < pixels.length; i++) {
                int p = pixels[i];
                selection[i] = ((p >> 16 & 0xff) + (p >> 8 & 0xff) + (p & 0xff)) / 3 > 127;
            }
        }
        float[] planes = new float[3 * w * h];
        int n = w * h;
        for (int i = 0; i < n; i++) {
            planes[i] = SourceImage.unit(rgb[i] >> 16 & 0xff);
            planes[n + i] = SourceImage.unit(rgb[i] >> 8 & 0xff);
            planes[2 * n + i] = SourceImage.unit(rgb[i] & 0xff);
        }
        try {
            return new SourceImage(w, h, planes, selection, image.toString(), sha256(rgb), "");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static BufferedImage load(Path file, String flag) throws UsageException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(flag + " " + file + ": no such file");
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new UsageException(flag + " " + file + ": not an image Java can read (use PNG, TIFF, JPEG or BMP)");
        }
        return image;
    }

    /** SHA-256 of the decoded pixels as 0x00RRGGBB big-endian ints (the Fiji sources hash RGB the same way). */
    private static String sha256(int[] rgb) {
        ByteBuffer b = ByteBuffer.allocate(4 * rgb.length);
        for (int p : rgb) {
            b.putInt(p & 0xffffff);
        }
        try {
            StringBuilder hex = new StringBuilder();
            for (byte x : MessageDigest.getInstance("SHA-256").digest(b.array())) {
                hex.append(String.format("%02x", x));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
