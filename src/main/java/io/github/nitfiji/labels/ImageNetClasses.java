package io.github.nitfiji.labels;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
    private static final String RESOURCE = "imagenet_classes.tsv";
    private static volatile ImageNetClasses standard;

    private final List<ClassLabel> classes;
    private final Map<String, ClassLabel> byWordNetId;

    private ImageNetClasses(List<ClassLabel> classes) {
        this.classes = List.copyOf(classes);
        Map<String, ClassLabel> ids = new HashMap<>();
        for (ClassLabel c : classes) {
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
                    try {
                        standard = of(Tsv.resource(RESOURCE, 3), RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                s = standard;
            }
        }
        return s;
    }

    /** Parses a tsv in the bundled format; lines starting with '#' are comments. */
    public static ImageNetClasses parse(Reader reader, String source) throws IOException {
        return of(Tsv.read(reader, source, 3), source);
    }

    private static ImageNetClasses of(List<Tsv.Row> rows, String source) throws IOException {
        List<ClassLabel> classes = new ArrayList<>();
        for (Tsv.Row row : rows) {
            int index = Tsv.number(row, 0, source, "index");
            if (index != classes.size()) {
                throw new IOException(source + " line " + row.line + ": index " + index + ", expected " + classes.size());
            }
            List<String> names = Tsv.names(row.columns[2]);
            if (names.isEmpty()) {
                throw new IOException(source + " line " + row.line + ": no names");
            }
            classes.add(new ClassLabel(index, row.columns[1].toLowerCase(Locale.ROOT), names));
        }
        return new ImageNetClasses(classes);
    }

    public int size() {
        return classes.size();
    }

    public List<ClassLabel> all() {
        return classes;
    }

    /** The class with this label; IndexOutOfBoundsException outside 0..size()-1. */
    public ClassLabel get(int index) {
        return classes.get(index);
    }

    public Optional<ClassLabel> byWordNetId(String wordNetId) {
        return Optional.ofNullable(byWordNetId.get(wordNetId.trim().toLowerCase(Locale.ROOT)));
    }

    @Override
    public String toString() {
        return classes.size() + " classes" + (classes.isEmpty() ? "" : " (" + classes.get(0) + ", ...)");
    }
}
