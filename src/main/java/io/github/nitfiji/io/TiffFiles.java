package io.github.nitfiji.io;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Uncompressed baseline TIFF files that ImageJ opens exactly as the files its own writer makes:
 * 8-bit RGB (chunky), or a stack of 32-bit float channels that opens as one image of that many
 * channels, each with the Info text (Image &gt; Show Info), slice labels and string properties
 * ({@code imp.getProp(key)}) in ImageJ's metadata ({@link ImageJTiffMetadata}). Written
 * completely or not at all ({@link AtomicFiles}).
 *
 * <p>Big-endian, unlike ImageJ's default: ImageJ 1.54 reads the metadata's UTF-16 text wrongly in
 * little-endian files (a prompt in Cyrillic, or with emoji, comes back garbled) and correctly in
 * big-endian ones, so here every character survives.
 *
 * <p>Layout, as ImageJ's: header, the first directory and its data (description, metadata), the
 * pixels of every image in one block, then one directory per further image, so that ImageJ reads
 * the stack from the description alone and any other TIFF reader finds every page.
 */
public final class TiffFiles {
    private static final short BYTE = 1;
    private static final short ASCII = 2;
    private static final short SHORT = 3;
    private static final short LONG = 4;
    private static final int BLACK_IS_ZERO = 1;
    private static final int RGB = 2;
    private static final long MAX_OFFSET = 0xFFFFFFFFL;

    private TiffFiles() {
    }

    /** Writes 0xRRGGBB pixels (row by row) as an 8-bit RGB TIFF, atomically. */
    public static void writeRgb(Path target, int width, int height, int[] rgb, String info,
                                Map<String, String> properties) throws IOException {
        requireSize(width, height, rgb.length);
        Pages pages = new Pages(width, height, 1, 3, 8, RGB, false);
        ImageJTiffMetadata meta = ImageJTiffMetadata.of(info, List.of(), properties);
        AtomicFiles.write(target, file -> write(file, pages, ImageJTiffMetadata.rgbDescription(), meta, out -> {
            byte[] row = new byte[width * 3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = rgb[y * width + x];
                    row[3 * x] = (byte) (p >> 16);
                    row[3 * x + 1] = (byte) (p >> 8);
                    row[3 * x + 2] = (byte) p;
                }
                out.write(row);
            }
        }));
    }

    /**
     * Writes 32-bit float channels (each width x height, row by row) as a TIFF stack that ImageJ
     * opens as one image with {@code channels.size()} channels, the slices labelled {@code labels}.
     */
    public static void writeFloatChannels(Path target, int width, int height, List<float[]> channels,
                                          List<String> labels, String info, Map<String, String> properties)
            throws IOException {
        if (channels.size() < 2 || labels.size() != channels.size()) {
            throw new IllegalArgumentException(channels.size() + " channels (2 or more), " + labels.size() + " labels");
        }
        for (float[] c : channels) {
            requireSize(width, height, c.length);
        }
        Pages pages = new Pages(width, height, channels.size(), 1, 32, BLACK_IS_ZERO, true);
        ImageJTiffMetadata meta = ImageJTiffMetadata.of(info, labels, properties);
        byte[] description = ImageJTiffMetadata.channelsDescription(channels);
        AtomicFiles.write(target, file -> write(file, pages, description, meta, out -> {
            ByteBuffer row = ByteBuffer.allocate(width * 4); // big-endian, as the header says
            for (float[] c : channels) {
                for (int y = 0; y < height; y++) {
                    row.clear();
                    row.asFloatBuffer().put(c, y * width, width);
                    out.write(row.array());
                }
            }
        }));
    }

    private static void requireSize(int width, int height, int pixels) {
        if (width <= 0 || height <= 0 || (long) width * height != pixels) {
            throw new IllegalArgumentException(pixels + " pixels for " + width + " x " + height);
        }
    }

    /** Writes the image data of every page, in order. */
    @FunctionalInterface
    private interface Pixels {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** The pages' shape: {@code count} images of {@code samples} samples of {@code bits} bits per pixel. */
    private static final class Pages {
        final int width;
        final int height;
        final int count;
        final int samples;
        final int bits;
        final int photometric;
        final boolean floats;

        Pages(int width, int height, int count, int samples, int bits, int photometric, boolean floats) {
            this.width = width;
            this.height = height;
            this.count = count;
            this.samples = samples;
            this.bits = bits;
            this.photometric = photometric;
            this.floats = floats;
        }

        long bytesPerImage() {
            return (long) width * height * samples * bits / 8;
        }

        /** A page's directory: where its pixels are and (for several samples) its bits per sample. */
        Directory directory(long pixelsAt, long bitsAt) {
            Directory d = new Directory();
            d.add(254, LONG, 1, 0); // NewSubfileType: a full image
            d.add(256, LONG, 1, width);
            d.add(257, LONG, 1, height);
            if (samples == 1) {
                d.add(258, SHORT, 1, bits);
            } else {
                d.add(258, SHORT, samples, bitsAt); // BitsPerSample, one per sample, stored after the directory
            }
            d.add(259, SHORT, 1, 1); // no compression
            d.add(262, SHORT, 1, photometric);
            d.add(273, LONG, 1, pixelsAt); // one strip per image
            d.add(277, SHORT, 1, samples);
            d.add(278, LONG, 1, height);
            d.add(279, LONG, 1, bytesPerImage());
            if (floats) {
                d.add(339, SHORT, 1, 3); // SampleFormat: IEEE floating point
            }
            return d;
        }
    }

    /** One image file directory: entries in ascending tag order, as TIFF requires. */
    private static final class Directory {
        private final List<long[]> entries = new ArrayList<>();

        void add(int tag, short type, long count, long value) {
            entries.add(new long[] {tag, type, count, value});
        }

        long size() {
            return 2 + 12L * entries.size() + 4;
        }

        void write(DataOutputStream out, long next) throws IOException {
            entries.sort(Comparator.comparingLong(e -> e[0]));
            out.writeShort(entries.size());
            for (long[] e : entries) {
                out.writeShort((int) e[0]);
                out.writeShort((int) e[1]);
                out.writeInt((int) e[2]);
                if (e[1] == SHORT && e[2] == 1) {
                    out.writeShort((int) e[3]); // a short value fills the field's first two bytes
                    out.writeShort(0);
                } else {
                    out.writeInt((int) e[3]);
                }
            }
            out.writeInt((int) next);
        }
    }

    /**
     * The file: header, first directory, its data (bits per sample, description, metadata), the
     * pixels, further directories. Offsets are even, as TIFF asks.
     */
    private static void write(Path file, Pages pages, byte[] description, ImageJTiffMetadata meta, Pixels pixels)
            throws IOException {
        long first = 8;
        int extraTags = meta == null ? 1 : 3; // the description, and the metadata's two tags
        long at = first + pages.directory(0, 0).size() + 12L * extraTags;
        long bitsAt = pages.samples > 1 ? at : 0;
        long descriptionAt = even(at + (pages.samples > 1 ? 2L * pages.samples : 0));
        long countsAt = even(descriptionAt + description.length);
        long dataAt = countsAt + (meta == null ? 0 : 4L * meta.byteCounts.length);
        long pixelsAt = even(dataAt + (meta == null ? 0 : meta.data.length));
        long laterAt = even(pixelsAt + pages.count * pages.bytesPerImage());
        long end = laterAt + (pages.count - 1) * pages.directory(0, 0).size();
        if (end > MAX_OFFSET) {
            throw new IOException("the image is too large for a TIFF file (" + end + " bytes, 4 GB at most)");
        }
        Directory head = pages.directory(pixelsAt, bitsAt);
        head.add(270, ASCII, description.length, descriptionAt);
        if (meta != null) {
            head.add(ImageJTiffMetadata.BYTE_COUNTS_TAG, LONG, meta.byteCounts.length, countsAt);
            head.add(ImageJTiffMetadata.DATA_TAG, BYTE, meta.data.length, dataAt);
        }
        try (CountingStream counted = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file),
                1 << 16)); DataOutputStream out = new DataOutputStream(counted)) {
            out.writeShort(0x4D4D); // "MM": big-endian
            out.writeShort(42);
            out.writeInt((int) first);
            head.write(out, pages.count > 1 ? laterAt : 0);
            if (pages.samples > 1) {
                for (int i = 0; i < pages.samples; i++) {
                    out.writeShort(pages.bits);
                }
            }
            counted.padTo(descriptionAt);
            out.write(description);
            counted.padTo(countsAt);
            if (meta != null) {
                for (int count : meta.byteCounts) {
                    out.writeInt(count);
                }
                out.write(meta.data);
            }
            counted.padTo(pixelsAt);
            pixels.writeTo(out);
            counted.padTo(laterAt);
            for (int i = 1; i < pages.count; i++) {
                Directory d = pages.directory(pixelsAt + i * pages.bytesPerImage(), bitsAt);
                d.write(out, i + 1 < pages.count ? counted.count + d.size() : 0);
            }
            counted.padTo(end);
        }
    }

    private static long even(long offset) {
        return (offset + 1) & ~1L;
    }

    /** Counts the bytes written, to pad up to a planned offset and to check that the plan was kept. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        void padTo(long offset) throws IOException {
            long gap = offset - count;
            if (gap < 0 || gap > 1) {
                throw new IllegalStateException("TIFF layout: at byte " + count + ", planned " + offset);
            }
            if (gap == 1) {
                write(0);
            }
        }
    }
}
