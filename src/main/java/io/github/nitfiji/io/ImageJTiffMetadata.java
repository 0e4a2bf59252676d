package io.github.nitfiji.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What ImageJ 1 reads from a TIFF beside the pixels, in its own format (as ImageJ 1.54's
 * {@code TiffDecoder} and {@code FileOpener} read it):
 * <ul>
 * <li>the ImageDescription, a NUL-terminated ASCII text of {@code key=value} lines starting
 *     {@code ImageJ=}: a stack's image count ({@code images=}, which lets ImageJ read the slices
 *     as one block after the first directory), its channels, and a 32-bit image's display range;
 * <li>two private tags: 50839 holds a block starting with the magic {@code IJIJ}, then a
 *     (type, count) pair per kind of entry, then the entries; 50838 holds the block's byte counts,
 *     the header's first, then one per entry. Kinds used here: the Info text ({@code info}, shown
 *     by Image &gt; Show Info), slice labels ({@code labl}) and string properties ({@code prop}:
 *     key, value, key, value, ...). Text is UTF-16 in the file's byte order.
 * </ul>
 */
final class ImageJTiffMetadata {
    static final int BYTE_COUNTS_TAG = 50838;
    static final int DATA_TAG = 50839;

    /**
     * The ImageJ release whose TIFF layout these files follow. ImageJ reads the description only
     * when it starts with "ImageJ"; the version after it is not read.
     */
    private static final String LAYOUT_VERSION = "1.54p";
    private static final int MAGIC = 0x494a494a; // "IJIJ"
    private static final int INFO = 0x696e666f; // "info"
    private static final int LABELS = 0x6c61626c; // "labl"
    private static final int PROPERTIES = 0x70726f70; // "prop"

    /** Tag 50838: the header's byte count, then one per entry. */
    final int[] byteCounts;
    /** Tag 50839, big-endian. */
    final byte[] data;

    private ImageJTiffMetadata(int[] byteCounts, byte[] data) {
        this.byteCounts = byteCounts;
        this.data = data;
    }

    /** The description of a single RGB image. */
    static byte[] rgbDescription() {
        return terminated("ImageJ=" + LAYOUT_VERSION + "\n");
    }

    /**
     * The description of a stack of 32-bit channels: ImageJ shows it with the display range of
     * the first channel, as ImageJ's own writer records it (NaN pixels left out).
     */
    static byte[] channelsDescription(List<float[]> channels) {
        float min = Float.NaN;
        float max = Float.NaN;
        for (float v : channels.get(0)) {
            if (Float.isNaN(min)) { // still no number seen
                min = v;
                max = v;
            } else if (v < min) {
                min = v;
            } else if (v > max) {
                max = v;
            }
        }
        int n = channels.size();
        return terminated("ImageJ=" + LAYOUT_VERSION + "\nimages=" + n + "\nchannels=" + n + "\nloop=false\nmin="
                + (double) min + "\nmax=" + (double) max + "\n");
    }

    private static byte[] terminated(String description) {
        return (description + '\0').getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The metadata block for the Info text (none when empty), slice labels (none when empty) and
     * properties. A property with an empty value is left out: ImageJ treats it as absent.
     */
    static ImageJTiffMetadata of(String info, List<String> labels, Map<String, String> properties) {
        List<Integer> types = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        if (info != null && !info.isEmpty()) {
            types.add(INFO);
            types.add(1);
            entries.add(info);
        }
        if (!labels.isEmpty()) {
            types.add(LABELS);
            types.add(labels.size());
            entries.addAll(labels);
        }
        List<String> pairs = new ArrayList<>();
        properties.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                pairs.add(k);
                pairs.add(v);
            }
        });
        if (!pairs.isEmpty()) {
            types.add(PROPERTIES);
            types.add(pairs.size());
            entries.addAll(pairs);
        }
        if (entries.isEmpty()) {
            return null;
        }
        int[] counts = new int[entries.size() + 1];
        counts[0] = 4 + 4 * types.size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            for (int t : types) {
                out.writeInt(t);
            }
            for (int i = 0; i < entries.size(); i++) {
                out.writeChars(entries.get(i)); // UTF-16BE: every character, emoji included, as ImageJ reads it
                counts[i + 1] = 2 * entries.get(i).length();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array cannot fail
        }
        return new ImageJTiffMetadata(counts, bytes.toByteArray());
    }
}
