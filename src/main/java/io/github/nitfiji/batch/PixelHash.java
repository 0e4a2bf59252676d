package io.github.nitfiji.batch;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.imageio.ImageIO;

/**
 * SHA-256 of an image's pixels (8-bit R, G, B per pixel, row-major), not of its file: the
 * provenance text in the file (time, version) may differ between two runs of the same task
 * while the pixels must not.
 */
public final class PixelHash {
    /** The decoded facts of an image file. */
    public static final class Image {
        public final int width;
        public final int height;
        public final String sha256;

        Image(int width, int height, String sha256) {
            this.width = width;
            this.height = height;
            this.sha256 = sha256;
        }
    }

    private PixelHash() {
    }

    /** Reads and hashes an image file; null when it is missing or does not decode completely. */
    public static Image of(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads and hashes an image from a stream (any file system); null when it does not decode. */
    public static Image of(InputStream in) {
        BufferedImage image;
        try {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (image == null) {
            return null;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new Image(w, h, hex(sha256(rgb)));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }
}
