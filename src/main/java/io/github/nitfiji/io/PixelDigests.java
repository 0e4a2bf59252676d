package io.github.nitfiji.io;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of an image's samples as stored, in the byte layout Fiji's sources use for an open
 * image of the same type (so a file and the same file opened in Fiji record one hash).
 */
final class PixelDigests {
    private PixelDigests() {
    }

    /** 8-bit grey: one byte per pixel. */
    static String bytes(float[] grey) {
        byte[] b = new byte[grey.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) grey[i];
        }
        return hex(digest().digest(b));
    }

    /** 8-bit RGB bands: 0x00RRGGBB per pixel, big-endian. */
    static String rgbInts(float[][] bands) {
        int n = bands[0].length;
        int[] rgb = new int[n];
        for (int i = 0; i < n; i++) {
            rgb[i] = (int) bands[0][i] << 16 | (int) bands[1][i] << 8 | (int) bands[2][i];
        }
        return rgbInts(rgb);
    }

    /** 0x??RRGGBB ints (alpha dropped): 0x00RRGGBB per pixel, big-endian. */
    static String rgbInts(int[] argb) {
        ByteBuffer b = ByteBuffer.allocate(4 * argb.length);
        for (int p : argb) {
            b.putInt(p & 0xffffff);
        }
        return hex(digest().digest(b.array()));
    }

    /** Samples as big-endian unsigned shorts, interleaved per pixel. */
    static String shorts(float[][] bands) {
        ByteBuffer b = ByteBuffer.allocate(2 * bands.length * bands[0].length);
        for (int i = 0; i < bands[0].length; i++) {
            for (float[] band : bands) {
                b.putShort((short) (int) band[i]);
            }
        }
        return hex(digest().digest(b.array()));
    }

    /** Samples as big-endian ints, interleaved per pixel. */
    static String ints(float[][] bands) {
        ByteBuffer b = ByteBuffer.allocate(4 * bands.length * bands[0].length);
        for (int i = 0; i < bands[0].length; i++) {
            for (float[] band : bands) {
                b.putInt((int) band[i]);
            }
        }
        return hex(digest().digest(b.array()));
    }

    /** Samples as big-endian IEEE floats, interleaved per pixel. */
    static String floats(float[][] bands) {
        ByteBuffer b = ByteBuffer.allocate(4 * bands.length * bands[0].length);
        for (int i = 0; i < bands[0].length; i++) {
            for (float[] band : bands) {
                b.putFloat(band[i]);
            }
        }
        return hex(digest().digest(b.array()));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte x : bytes) {
            sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return sb.toString();
    }
}
