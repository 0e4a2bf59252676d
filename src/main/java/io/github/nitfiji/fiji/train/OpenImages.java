package io.github.nitfiji.fiji.train;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Plot;
import io.github.nitfiji.fiji.source.FijiSources;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.source.SourceImage;
import io.github.nitfiji.train.NativeResolution;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The open images as a training dataset. Every open image or stack takes part (plots and NiT
 * Train's own windows excepted), each slice one training image, converted as "NiT Generate..."
 * converts a start image ({@link FijiSources}: through its display range and LUT to the RGB the
 * screen shows; the selection is not used). A slice's class is its slice label where it has one,
 * else the image's title, less a file extension (or always the title with {@code class_from=title}).
 *
 * <p>The images are written as 8-bit RGB PNGs (which hold the converted levels exactly) into one
 * folder per class in the run folder, {@code RUN/images/<class>/}: the engine then reads them as
 * any dataset folder, the fine-tune's card names the folder it was trained on, and a resumed run
 * finds its images there even when they are no longer open.
 */
final class OpenImages {
    /** Written into a folder of images this class made, so that no other folder is ever replaced. */
    static final String MARKER = ".nit-train-images";
    /** Set on NiT Train's own windows, which are never training images. */
    static final String WINDOW_PROPERTY = "nit.train_window";
    private static final Pattern EXTENSION = Pattern.compile("(?i)(\\.ome)?\\.(tiff?|png|jpe?g|bmp|gif|zip|czi|nd2"
            + "|lif|lsm|ics|dm[34]|fits?)$");
    private static final Pattern NOT_IN_A_FOLDER_NAME = Pattern.compile("[/\\\\:*?\"<>|\\p{Cntrl}]");

    private OpenImages() {
    }

    /** The open images that can be training images, in the order they were opened. */
    static List<ImagePlus> candidates() {
        List<ImagePlus> images = new ArrayList<>();
        int[] ids = WindowManager.getIDList();
        for (int i = 0; ids != null && i < ids.length; i++) {
            ImagePlus imp = WindowManager.getImage(ids[i]);
            if (imp != null && imp.getProperty(WINDOW_PROPERTY) == null && imp.getProperty(Plot.PROPERTY_KEY) == null) {
                images.add(imp);
            }
        }
        return images;
    }

    /**
     * Writes {@code images} as class folders into {@code folder} (replacing what an earlier call
     * wrote there) and returns it.
     *
     * @throws IllegalArgumentException naming the image when there is none, a class name cannot
     *                                  name a folder, or two classes differ only in case
     */
    static Path write(List<ImagePlus> images, boolean classFromTitle, Path folder, Consumer<String> warn)
            throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images=open: no image is open; open the training images (one stack or"
                    + " image per class, or slices labelled with their class), or give images=folder and data=[...]");
        }
        Map<String, List<SourceImage>> classes = new TreeMap<>();
        Map<String, String> firstSpelling = new LinkedHashMap<>();
        for (ImagePlus imp : images) {
            if (imp.getWidth() > GenerationRequest.MAX_SIDE_PX || imp.getHeight() > GenerationRequest.MAX_SIDE_PX) {
                throw new IllegalArgumentException("image '" + imp.getTitle() + "' is " + imp.getWidth() + " x "
                        + imp.getHeight() + " px; open images up to " + GenerationRequest.MAX_SIDE_PX + " px per side"
                        + " are taken (training scales every image to at most max_size^2 pixels): scale it down"
                        + " first (Image > Scale...), or train from a folder of files");
            }
            if (imp.getWidth() < NativeResolution.UNIT || imp.getHeight() < NativeResolution.UNIT) {
                warn.accept("skipped image '" + imp.getTitle() + "': it is " + imp.getWidth() + " x " + imp.getHeight()
                        + " px, below the smallest side of 32 px (one latent pixel is 32 px)");
                continue;
            }
            List<SourceImage> slices = FijiSources.wholeSlices(imp);
            List<String> labels = classFromTitle ? null : FijiSources.sliceLabels(imp);
            for (int i = 0; i < slices.size(); i++) {
                String label = labels != null && labels.get(i) != null ? labels.get(i) : imp.getTitle();
                String name = className(label, imp, i + 1);
                String before = firstSpelling.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
                if (before != null && !before.equals(name)) {
                    throw new IllegalArgumentException("classes '" + before + "' and '" + name + "' (image '"
                            + imp.getTitle() + "') differ only in case; prompts could not tell them apart. Rename one");
                }
                classes.computeIfAbsent(name, k -> new ArrayList<>()).add(slices.get(i));
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("images=open: no open image is at least 32 x 32 px");
        }
        replace(folder, classes);
        return folder;
    }

    /** The class a slice names: its label or title less a file extension, checked to name a folder. */
    static String className(String label, ImagePlus imp, int slice) {
        String name = EXTENSION.matcher(label.trim()).replaceFirst("").trim();
        String where = "image '" + imp.getTitle() + "'" + (imp.getStackSize() > 1 ? " slice " + slice : "");
        if (name.isEmpty() || name.startsWith(".") || NOT_IN_A_FOLDER_NAME.matcher(name).find()) {
            throw new IllegalArgumentException(where + " names the class '" + label + "', which cannot name a folder"
                    + " (no / \\ : * ? \" < > |, not starting with '.'); rename the " + (label.equals(imp.getTitle())
                    ? "image" : "slice (Image > Stacks > Set Label...)") + ", or use class_from=title");
        }
        return name;
    }

    /** Writes the class folders next to {@code folder}, then puts them in its place. */
    private static void replace(Path folder, Map<String, List<SourceImage>> classes) throws IOException {
        if (Files.exists(folder) && !Files.exists(folder.resolve(MARKER))) {
            throw new IllegalArgumentException(folder + " exists and NiT Train did not write it; choose another run"
                    + " folder (run=[...])");
        }
        Path part = folder.resolveSibling(folder.getFileName() + ".part");
        delete(part);
        Files.createDirectories(part);
        Files.writeString(part.resolve(MARKER), "images NiT Train wrote from open images; replaced by the next run\n");
        for (Map.Entry<String, List<SourceImage>> c : classes.entrySet()) {
            Path dir = Files.createDirectories(part.resolve(c.getKey()));
            int n = 0;
            for (SourceImage image : c.getValue()) {
                ImageIO.write(rgb(image), "png", dir.resolve(String.format(Locale.ROOT, "%04d.png", ++n)).toFile());
            }
        }
        delete(folder);
        Files.move(part, folder);
    }

    /** The source's 8-bit levels back (its values are their bin centres, which truncation returns exactly). */
    private static BufferedImage rgb(SourceImage image) {
        int w = image.width;
        int h = image.height;
        float[] r = image.rgbPlane(0);
        float[] g = image.rgbPlane(1);
        float[] b = image.rgbPlane(2);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                row[x] = level(r[i]) << 16 | level(g[i]) << 8 | level(b[i]);
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, (int) Math.floor((v + 1) * 127.5)));
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
