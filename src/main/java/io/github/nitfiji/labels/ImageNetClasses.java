package io.github.nitfiji.labels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ImageNet-1k class list, read from {@code imagenet_classes.tsv} (index, WordNet id,
 * comma-separated synonyms with the common name first).
 */
public final class ImageNetClasses {
    /** Number of real classes; label 1000 is NiT's "no class" used for guidance, never a choice. */
    public static final int COUNT = 1000;
    private static final String RESOURCE = "/io/github/nitfiji/labels/imagenet_classes.tsv";
    private static volatile ImageNetClasses standard;

    private final List<ImageNetClass> classes;
    private final Map<String, ImageNetClass> byWordNetId;

    private ImageNetClasses(List<ImageNetClass> classes) {
        this.classes = List.copyOf(classes);
        Map<String, ImageNetClass> ids = new HashMap<>();
        for (ImageNetClass c : classes) {
            ids.put(c.wordNetId(), c);
        }
        this.byWordNetId = ids;
    }

    /** The bundled list (loaded once). */
    public static ImageNetClasses standard() {
        ImageNetClasses s = standard;
        if (s == null) {
            synchronized (ImageNetClasses.class) {
                if (standard == null) {
                    try (InputStream in = ImageNetClasses.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException(RESOURCE + " is missing from the plugin jar (broken build?)");
                        }
                        standard = parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + RESOURCE, e);
                    }
                }
                s = standard;
            }
        }
        return s;
    }

    /** Parses a tsv in the bundled format; lines starting with '#' are comments. */
    public static ImageNetClasses parse(Reader reader, String source) throws IOException {
        List<ImageNetClass> classes = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length != 3) {
                throw new IOException(source + " line " + lineNo + ": expected 3 tab-separated columns, got " + cols.length);
            }
            int index;
            try {
                index = Integer.parseInt(cols[0].trim());
            } catch (NumberFormatException e) {
                throw new IOException(source + " line " + lineNo + ": index '" + cols[0] + "' is not a number");
            }
            if (index != classes.size()) {
                throw new IOException(source + " line " + lineNo + ": index " + index + ", expected " + classes.size());
            }
            List<String> names = new ArrayList<>();
            for (String n : cols[2].split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
            if (names.isEmpty()) {
                throw new IOException(source + " line " + lineNo + ": no names");
            }
            classes.add(new ImageNetClass(index, cols[1].trim().toLowerCase(Locale.ROOT), names));
        }
        return new ImageNetClasses(classes);
    }

    public int size() {
        return classes.size();
    }

    public List<ImageNetClass> all() {
        return classes;
    }

    /** The class with this label; IndexOutOfBoundsException outside 0..size()-1. */
    public ImageNetClass get(int index) {
        return classes.get(index);
    }

    public Optional<ImageNetClass> byWordNetId(String wordNetId) {
        return Optional.ofNullable(byWordNetId.get(wordNetId.trim().toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return classes.size() + " classes" + (classes.isEmpty() ? "" : " (" + Arrays.asList(classes.get(0), "...") + ")");
    }
}
