package io.github.nitfiji.fiji.source;

import ij.process.ImageProcessor;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * SHA-256 of a source's own pixel data, before any display mapping, so provenance identifies the
 * data the user had, not our conversion of it. Bytes hashed per plane in order, each pixel
 * big-endian in its own type: 8-bit as is, 16-bit as unsigned shorts, 32-bit as IEEE floats,
 * RGB as 0x00RRGGBB ints.
 */
final class PixelDigest {
    private PixelDigest() {
    }

    static String of(List<ImageProcessor> planes) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        for (ImageProcessor ip : planes) {
            sha.update(bytes(ip.getPixels()));
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : sha.digest()) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static byte[] bytes(Object pixels) {
        if (pixels instanceof byte[]) {
            return (byte[]) pixels;
        }
        if (pixels instanceof short[]) {
            short[] p = (short[]) pixels;
            ByteBuffer b = ByteBuffer.allocate(2 * p.length);
            b.asShortBuffer().put(p);
            return b.array();
        }
        if (pixels instanceof float[]) {
            float[] p = (float[]) pixels;
            ByteBuffer b = ByteBuffer.allocate(4 * p.length);
            b.asFloatBuffer().put(p);
            return b.array();
        }
        int[] p = (int[]) pixels;
        ByteBuffer b = ByteBuffer.allocate(4 * p.length);
        for (int v : p) {
            b.putInt(v & 0xffffff);
        }
        return b.array();
    }
}
