package io.github.nitfiji.fiji.ij;

import io.github.nitfiji.labels.ClassLabel;
import io.github.nitfiji.labels.ClassMatch;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.ClassTable;
import io.github.nitfiji.labels.UnknownClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What "Browse classes..." lists: the classes of the chosen model (a fine-tune's own first, then
 * ImageNet's), those whose label, WordNet id or any name contains the search text, and the
 * prompt that picks the chosen one.
 */
final class ClassList {
    private ClassList() {
    }

    /** The classes matching {@code search} (all for an empty search), own classes first, then by label. */
    static List<ClassLabel> matching(ClassTable table, String search) {
        String s = search == null ? "" : search.trim().toLowerCase(Locale.ROOT);
        List<ClassLabel> found = new ArrayList<>();
        for (List<ClassLabel> part : List.of(table.ownClasses(), table.imageNetClasses())) {
            for (ClassLabel c : part) {
                if (s.isEmpty() || Integer.toString(c.index()).equals(s) || c.wordNetId().equals(s)
                        || c.names().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains(s))) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    /** "207  golden retriever (golden retriever)", the row of the list; a fine-tune's own class says so. */
    static String row(ClassLabel c) {
        String others = c.names().size() > 1 ? "  (" + String.join(", ", c.names().subList(1, c.names().size())) + ")"
                : "";
        return c.index() + "  " + c.name() + (c.isOwn() ? "  [own class]" : others);
    }

    /**
     * The prompt that picks {@code c}: its name when the matcher resolves that name to it
     * (readable, and what the image's title shows), else its label (ImageNet repeats a few names,
     * e.g. "crane" the bird and the machine).
     */
    static String prompt(ClassLabel c, ClassMatcher matcher) {
        try {
            ClassMatch m = matcher.resolve(c.name());
            if (m.index() == c.index()) {
                return c.name();
            }
        } catch (UnknownClassException e) {
            // the label below is exact
        }
        return Integer.toString(c.index());
    }
}
