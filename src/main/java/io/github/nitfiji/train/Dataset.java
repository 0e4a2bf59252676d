package io.github.nitfiji.train;

import io.github.nitfiji.labels.ClassLabel;
import io.github.nitfiji.labels.ImageNetClasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The images of a fine-tune and their classes, from a folder with one sub-folder per class (the
 * torchvision {@code ImageFolder} convention the official preprocessing reads: class names sorted,
 * image files found at any depth under each) or from a list of (file, class) in a CSV or JSON file
 * ({@link DatasetList}). Class k of the sorted names becomes the model's class 1001 + k on a
 * 1000-class base.
 */
public final class Dataset {
    /** The file extensions the official ImageFolder accepts. */
    static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif",
            ".tiff", ".webp");

    /** One image and the index of its class in {@link #classNames}. */
    public static final class Entry {
        public final Path file;
        public final int classIndex;

        Entry(Path file, int classIndex) {
            this.file = file;
            this.classIndex = classIndex;
        }
    }

    /** Where the list came from, for messages and the training record. */
    public final Path source;
    public final List<String> classNames;
    public final List<Entry> entries;

    Dataset(Path source, List<String> classNames, List<Entry> entries) {
        this.source = source;
        this.classNames = List.copyOf(classNames);
        this.entries = List.copyOf(entries);
    }

    /** Reads a dataset folder or list file; errors name the input and say what to do. */
    public static Dataset open(Path data) throws IOException {
        if (Files.isDirectory(data)) {
            return fromFolder(data);
        }
        if (!Files.isRegularFile(data)) {
            throw new IllegalArgumentException("--data " + data + " does not exist; give a folder with one sub-folder"
                    + " per class, or a .csv or .json list of (file, class)");
        }
        return DatasetList.read(data);
    }

    private static Dataset fromFolder(Path root) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory).forEach(d -> names.add(d.getFileName().toString()));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--data " + root + " has no class folders; put each class's images in"
                    + " its own sub-folder (e.g. " + root.resolve("mitosis") + "/*.png)");
        }
        List<String> classNames = new ArrayList<>(names);
        List<Entry> entries = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (int k = 0; k < classNames.size(); k++) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root.resolve(classNames.get(k)))) {
                files = walk.filter(Files::isRegularFile).filter(Dataset::isImageFile).sorted().collect(
                        java.util.stream.Collectors.toList());
            }
            if (files.isEmpty()) {
                empty.add(classNames.get(k));
            }
            for (Path f : files) {
                entries.add(new Entry(f, k));
            }
        }
        if (!empty.isEmpty()) {
            throw new IllegalArgumentException("class folder(s) " + String.join(", ", empty) + " in " + root
                    + " hold no images (" + String.join(", ", IMAGE_EXTENSIONS) + "); add images or remove the folder");
        }
        return checked(root, classNames, entries);
    }

    static boolean isImageFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** Checks class names (non-empty, distinct regardless of case) and that there are images. */
    static Dataset checked(Path source, List<String> classNames, List<Entry> entries) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String name : classNames) {
            if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(source + ": class name '" + name + "' is empty or holds control"
                        + " characters; name each class with visible text");
            }
            String previous = seen.put(name.toLowerCase(Locale.ROOT), name);
            if (previous != null) {
                throw new IllegalArgumentException(source + ": classes '" + previous + "' and '" + name
                        + "' differ only in case; prompts could not tell them apart. Merge or rename one");
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(source + " lists no images; add images (" + String.join(", ",
                    IMAGE_EXTENSIONS) + ")");
        }
        return new Dataset(source, classNames, entries);
    }

    /**
     * One warning per class named like an ImageNet class. The fine-tune's own names are matched
     * first, so on this fine-tune the name means the user's class; ImageNet's class stays reachable
     * by its index. A warning, not a refusal: a scientist's "tiger cat" is their data, not a typo.
     */
    public List<String> imageNetCollisions() {
        List<String> warnings = new ArrayList<>();
        for (String name : classNames) {
            for (ClassLabel c : ImageNetClasses.standard().all()) {
                if (c.names().stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                    warnings.add("class '" + name + "' has the name of ImageNet class " + c.index() + " ('" + c.name()
                            + "'): on this fine-tune '" + name + "' means your class; ImageNet's stays reachable as"
                            + " class " + c.index());
                    break;
                }
            }
        }
        return warnings;
    }
}
