package io.github.nitfiji.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The models table every front door shows ({@code models list}, "NiT Models..."): id, kind, state,
 * size ("~" where the card knows it only roughly) and name, and a line saying what is installed
 * and what a download would fetch.
 */
public final class ModelListing {

    private ModelListing() {
    }

    /** The header and one row per model. */
    public static List<String> table(List<ModelStatus> statuses) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "KIND", "STATE", "SIZE", "NAME"});
        for (ModelStatus s : statuses) {
            ModelCard c = s.card();
            rows.add(new String[] {c.id(), c.kind().jsonName(), state(s), size(c), c.displayName()});
        }
        // each column as wide as its longest value, so a long id (dc-ae-lite-f32c32-sana-1.1) keeps the columns aligned
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
            }
            lines.add(line.append(row[4]).toString());
        }
        return lines;
    }

    /** "Ready: smoke-test, smoke-test-dcae. Not installed: nit-xl-1000k (2.5 GB), ...", in the table's order. */
    public static String summary(List<ModelStatus> statuses) {
        List<String> ready = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (ModelStatus s : statuses) {
            if (s.isUsable()) {
                ready.add(s.card().id());
            } else {
                absent.add(s.card().id() + " (" + size(s.card()) + ", " + state(s) + ")");
            }
        }
        return "Ready: " + (ready.isEmpty() ? "none" : String.join(", ", ready)) + ". Not installed: "
                + (absent.isEmpty() ? "none" : String.join(", ", absent)) + ".";
    }

    /** The model's size, "~" in front where the card gives it only roughly; "?" when unknown. */
    public static String size(ModelCard c) {
        long size = c.approximateSize();
        if (size < 0) {
            return "?";
        }
        boolean exact = c.files().stream().allMatch(f -> f.size().isPresent());
        return (exact ? "" : "~") + ByteSizes.format(size);
    }

    private static String state(ModelStatus s) {
        return s.state().name().toLowerCase(Locale.ROOT);
    }
}
