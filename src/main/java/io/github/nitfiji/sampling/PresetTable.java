package io.github.nitfiji.sampling;

import java.util.List;

/**
 * A model's named sampler settings, as its card lists them: {@code fast} for any size, and one
 * {@code paper-...} entry per size the model was evaluated at. {@link Preset} picks from it.
 */
public final class PresetTable {
    /** The name of the any-size preset. */
    public static final String FAST = "fast";
    /** Names of evaluated settings start with this. */
    public static final String PAPER_PREFIX = "paper";

    private final List<Entry> entries;

    /** One named setting; width and height are null for a setting that fits any size. */
    public static final class Entry {
        public final String name;
        /** Where the entry comes from, e.g. "nit-xl-1000k card". */
        public final String source;
        public final Integer width;
        public final Integer height;
        public final SamplerSettings settings;

        public Entry(String name, String source, Integer width, Integer height, SamplerSettings settings) {
            this.name = name;
            this.source = source;
            this.width = width;
            this.height = height;
            this.settings = settings;
        }

        @Override
        public String toString() {
            return name + " (" + source + ")";
        }
    }

    public PresetTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The {@code fast} entry, or null if there is none. */
    Entry fast() {
        return named(FAST);
    }

    /** The entry called {@code name}, or null if there is none. */
    Entry named(String name) {
        return entries.stream().filter(e -> e.name.equals(name)).findFirst().orElse(null);
    }

    /**
     * The evaluated setting nearest to {@code width} x {@code height}: by aspect ratio first, then
     * by area, both on a log scale (so 768 x 432 picks the 768 x 416 setting); null if there is none.
     */
    Entry nearestPaper(int width, int height) {
        Entry best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Entry e : entries) {
            if (!e.name.startsWith(PAPER_PREFIX) || e.width == null || e.height == null) {
                continue;
            }
            double aspect = Math.log((double) width / height) - Math.log((double) e.width / e.height);
            double area = Math.log((double) width * height) - Math.log((double) e.width * e.height);
            double distance = 100 * aspect * aspect + area * area; // aspect dominates
            if (distance < bestDistance) {
                bestDistance = distance;
                best = e;
            }
        }
        return best;
    }
}
