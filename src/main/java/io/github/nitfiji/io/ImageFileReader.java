package io.github.nitfiji.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image file (PNG, TIFF, JPEG, BMP; 8-bit, 16-bit and 32-bit float; grey or RGB, alpha
 * ignored) into RGB values in 0..1, without ImageJ, for image-to-image on the command line and
 * for fine-tuning data sets. The size is read from the header and refused against the caller's
 * limit before anything is decoded, so a small file that claims 30000 x 30000 pixels costs
 * nothing. Values become 0..1 by these rules ({@link DecodedImage#mapping} says which applied):
 *
 * <ul>
 *   <li>up to 8 bits per sample, and palette images: the stored levels / 255 (exactly);</li>
 *   <li>16-bit RGB: value / 65535;</li>
 *   <li>grey with more than 8 bits (16-bit, 32-bit integer), and float data outside 0..1: linearly
 *       from the data's minimum..maximum, which is the display range Fiji gives such an image
 *       when it opens it (a constant image is black); float data within 0..1 is kept as it is;</li>
 *   <li>float data holding NaN or infinity is refused, naming the file and the first such pixel.</li>
 * </ul>
 */
public final class ImageFileReader {
    /** Java heap a decode may need beyond the decoded raster: the RGB planes and the hash. */
    private static final int WORKING_BYTES_PER_PIXEL = 12 + 4;

    private ImageFileReader() {
    }

    /**
     * Reads a whole image.
     *
     * @param maxSide the largest width or height the caller takes, checked from the header before decoding
     * @param purpose what the image is for, in the refusal ("image-to-image", "a training image")
     * @throws IOException naming the file and the problem, never a decoder's own text alone
     */
    public static DecodedImage read(Path file, int maxSide, String purpose) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, Files.isDirectory(file) ? "is a folder, not an image"
                    : "no such file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = readerFor(in, file);
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > maxSide || height > maxSide || width < 1 || height < 1) {
                    throw new ImageFileException(file, "is " + width + " x " + height + " px; " + purpose
                            + " takes at most " + maxSide + " x " + maxSide + " px, so it was not decoded: scale it"
                            + " down first");
                }
                checkHeap(file, width, height);
                BufferedImage image = reader.read(0);
                return SampleGrid.decode(file, image, formatName(reader));
            } finally {
                reader.dispose();
            }
        } catch (ImageFileException | NoSuchFileException e) {
            throw e;
        } catch (IIOException e) {
            throw new ImageFileException(file, "cannot be decoded (" + IoErrors.reason(e) + "): damaged, or a"
                    + " variant Java's readers lack (a CMYK JPEG, an unusual TIFF compression); save it as PNG");
        } catch (IOException e) {
            throw new ImageFileException(file, "cannot be read: " + IoErrors.reason(e));
        } catch (RuntimeException e) {
            // decoders fail on damaged files with index and argument errors: the file is at fault
            throw new ImageFileException(file, "cannot be decoded (damaged, or a variant Java's readers lack);"
                    + " save it as PNG");
        } catch (OutOfMemoryError e) {
            throw new ImageFileException(file, "does not fit in this Java's memory (" + (Runtime.getRuntime()
                    .maxMemory() >> 20) + " MB; -Xmx raises it)");
        }
    }

    private static ImageReader readerFor(ImageInputStream in, Path file) throws ImageFileException {
        if (in == null) {
            throw new ImageFileException(file, "cannot be opened");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageFileException(file, "is not an image Java can read (use PNG, TIFF, JPEG or BMP)");
        }
        return readers.next();
    }

    private static String formatName(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }

    /** Refuses up front what would end in "Java heap space" halfway through decoding. */
    private static void checkHeap(Path file, int width, int height) throws ImageFileException {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        // the decoded raster: at most 4 samples of 4 bytes (RGBA float) per pixel
        long need = (long) width * height * (16 + WORKING_BYTES_PER_PIXEL);
        if (need > free) {
            System.gc();
            free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }
        if (need > free) {
            throw new ImageFileException(file, "is " + width + " x " + height + " px; decoding it needs up to "
                    + (need >> 20) + " MB of Java heap, " + (free >> 20) + " MB are free (-Xmx raises the limit)");
        }
    }
}
