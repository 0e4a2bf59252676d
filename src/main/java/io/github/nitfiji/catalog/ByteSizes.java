package io.github.nitfiji.catalog;

import java.util.Locale;

/** Human-readable byte counts (decimal units, like download pages and disk tools show them). */
public final class ByteSizes {
    private ByteSizes() {
    }

    public static String format(long bytes) {
        if (bytes < 0) {
            return "unknown size";
        }
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
