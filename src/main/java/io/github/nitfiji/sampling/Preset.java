package io.github.nitfiji.sampling;

import io.github.nitfiji.EnumIds;

/**
 * Which sampler settings run. FAST and PAPER come from the model's card ({@link PresetTable}):
 * FAST is the card's {@code fast} entry, for any size; PAPER is the card's evaluated setting for
 * the nearest size (aspect ratio first, then area). QUICK, BALANCED and BEST are the card's entries
 * of those names (TiM cards: one step, a middle step count, and the paper-quality many-step
 * setting). CUSTOM: whatever the user gives.
 */
public enum Preset {
    QUICK, FAST, BALANCED, PAPER, BEST, CUSTOM;

    public static Preset parse(String text) {
        return EnumIds.parse(Preset.class, text, "preset");
    }

    public String id() {
        return EnumIds.id(this);
    }

    /**
     * The entry of {@code table} this preset runs for an image of {@code width} x {@code height}
     * pixels (not CUSTOM, which has no entry).
     *
     * @throws IllegalArgumentException when the table has no such entry
     */
    public PresetTable.Entry choose(int width, int height, PresetTable table) {
        if (this == CUSTOM) {
            throw new IllegalStateException("the custom preset takes the user's own settings");
        }
        PresetTable.Entry entry = this == FAST ? table.fast()
                : this == PAPER ? table.nearestPaper(width, height) : table.named(id());
        if (entry == null) {
            throw new IllegalArgumentException("the model card lists no " + id() + " settings; use another preset");
        }
        return entry;
    }
}
