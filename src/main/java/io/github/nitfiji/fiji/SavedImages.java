package io.github.nitfiji.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import io.github.nitfiji.io.AtomicFiles;
import io.github.nitfiji.io.OutputPaths;
import io.github.nitfiji.io.PngFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Saves an image with its provenance, which ImageJ's own PNG writer drops: PNG (the current
 * image as 8-bit RGB, with the {@code nit.*} properties as text chunks, as the command line
 * writes them) or TIFF (the whole stack; ImageJ keeps the properties and the Info text).
 * Optionally with the visible {@link AiLabel} burnt into the saved copy; the open image is never
 * changed. Written completely or not at all, and never over the file the image came from.
 */
public final class SavedImages {
    /** The file formats of "NiT Save...". */
    public enum Format {
        PNG, TIFF;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "png", "tiff" or "tif" (any case). */
        public static Format parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("png")) {
                return PNG;
            }
            if (t.equals("tiff") || t.equals("tif")) {
                return TIFF;
            }
            throw new IllegalArgumentException("format=" + text + " is unknown; use png or tiff");
        }

        /** The format a file name asks for by its extension, or null for none of ours. */
        public static Format ofName(String fileName) {
            String n = fileName.toLowerCase(Locale.ROOT);
            return n.endsWith(".png") ? PNG : n.endsWith(".tif") || n.endsWith(".tiff") ? TIFF : null;
        }
    }

    private SavedImages() {
    }

    /**
     * The file to write for {@code path} and {@code format}: the path itself, or with the
     * format's extension added when it has none of ours.
     *
     * @throws IllegalArgumentException when the extension names the other format
     */
    public static Path target(String path, Format format) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("no path given: path=/folder/name.png (or .tif)");
        }
        Path p = Paths.get(path.trim());
        Format named = Format.ofName(p.getFileName().toString());
        if (named == null) {
            return p.resolveSibling(p.getFileName() + (format == Format.PNG ? ".png" : ".tif"));
        }
        if (named != format) {
            String name = p.getFileName().toString();
            throw new IllegalArgumentException("path " + p + " ends in " + name.substring(name.lastIndexOf('.'))
                    + " but format=" + format.id()
                    + ": use a ." + (format == Format.PNG ? "png" : "tif") + " name or format=" + named.id());
        }
        return p;
    }

    /** Saves {@code imp} to {@code target}; returns what was written, for the Log. */
    public static String save(ImagePlus imp, Path target, Format format, boolean label) throws IOException {
        checkTarget(imp, target);
        if (format == Format.TIFF) {
            ImagePlus copy = label ? labelled(imp) : imp;
            AtomicFiles.write(target, file -> {
                if (!new FileSaver(copy).saveAsTiff(file.toString())) {
                    throw new IOException("could not write TIFF " + target);
                }
            });
            return "saved " + imp.getStackSize() + " plane(s) as TIFF" + (label ? " with the AI label" : "") + ": "
                    + target;
        }
        ImageProcessor rgb = imp.getBitDepth() == 24 ? imp.getProcessor().duplicate()
                : imp.flatten().getProcessor();
        if (label) {
            AiLabel.burnInto(rgb);
        }
        Map<String, String> provenance = provenance(imp, imageIndex(imp));
        PngFiles.write(target, rgb.getBufferedImage(), provenance);
        int images = imp.getNChannels() > 1 ? imp.getNSlices() * imp.getNFrames() : imp.getStackSize();
        return "saved " + (images > 1 ? "image " + (imageIndex(imp) + 1) + " of " + images + " (PNG holds one; TIFF"
                + " keeps them all)" : "the image") + " as PNG with " + provenance.size() + " provenance keys"
                + (label ? " and the AI label" : "") + ": " + target;
    }

    /**
     * The image's {@code nit.*} properties, in the order of its Info text; for image {@code index}
     * of a stack, with that image's own seed (a stack's properties are its first image's).
     */
    static Map<String, String> provenance(ImagePlus imp, int index) {
        Map<String, String> p = new LinkedHashMap<>();
        Object info = imp.getProperty("Info");
        if (info instanceof String) {
            for (String line : ((String) info).split("\n")) {
                int colon = line.indexOf(": ");
                if (line.startsWith("nit.") && colon > 0 && imp.getProp(line.substring(0, colon)) != null) {
                    p.put(line.substring(0, colon), imp.getProp(line.substring(0, colon)));
                }
            }
        }
        String[] pairs = imp.getPropertiesAsArray();
        for (int i = 0; pairs != null && i + 1 < pairs.length; i += 2) {
            if (pairs[i].startsWith("nit.")) {
                p.putIfAbsent(pairs[i], pairs[i + 1]);
            }
        }
        String[] seeds = p.getOrDefault("nit.seeds", "").split(",");
        if (index > 0 && index < seeds.length && seeds[index].trim().matches("-?\\d+")) {
            p.put("nit.seed", seeds[index].trim());
        }
        return p;
    }

    /** Which image of a NiT stack is shown: the slice, or for a channels-by-images hyperstack the z. */
    private static int imageIndex(ImagePlus imp) {
        return (imp.getNChannels() > 1 ? imp.getZ() : imp.getCurrentSlice()) - 1;
    }

    /** A copy of the whole stack with the label in every plane, and the image's properties. */
    private static ImagePlus labelled(ImagePlus imp) {
        ImagePlus copy = imp.duplicate();
        ImageStack stack = copy.getStack();
        for (int i = 1; i <= stack.getSize(); i++) {
            AiLabel.burnInto(stack.getProcessor(i));
        }
        copy.setProperty("Info", imp.getProperty("Info"));
        String[] pairs = imp.getPropertiesAsArray();
        for (int i = 0; pairs != null && i + 1 < pairs.length; i += 2) {
            copy.setProp(pairs[i], pairs[i + 1]);
        }
        return copy;
    }

    private static void checkTarget(ImagePlus imp, Path target) {
        List<OutputPaths.Named> inputs = new ArrayList<>();
        FileInfo source = imp.getOriginalFileInfo();
        if (source != null && source.directory != null && source.fileName != null && !source.fileName.isEmpty()) {
            inputs.add(new OutputPaths.Named("file this image was opened from", Paths.get(source.directory,
                    source.fileName)));
        }
        List<String> problems = OutputPaths.problems(List.of(new OutputPaths.Named("path", target)), inputs,
                OutputPaths.PROBE);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
