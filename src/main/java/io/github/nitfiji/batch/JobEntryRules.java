package io.github.nitfiji.batch;

import io.github.nitfiji.io.UserText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The batch's own keys (id, class, seed, seeds, images) and what they mean for one entry. */
final class JobEntryRules {
    static final List<String> BATCH_KEYS = List.of("id", "class", "seed", "seeds", "images");
    /** Ids become file names: keep them portable. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*-\\s*(\\d+)\\s*");
    private static final int MAX_IMAGES_PER_REQUEST = 1_000_000;

    private JobEntryRules() {
    }

    static JobRequest toRequest(String origin, String defaultId, Map<String, String> raw, List<String> requestKeys) {
        List<String> unknown = new ArrayList<>();
        for (String key : raw.keySet()) {
            if (!BATCH_KEYS.contains(key) && !requestKeys.contains(key)) {
                unknown.add(UserText.shown(key));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(origin + ": unknown key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; a request takes " + String.join(", ", BATCH_KEYS) + ", "
                    + String.join(", ", requestKeys));
        }
        String id = raw.getOrDefault("id", defaultId).trim();
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(origin + ": id '" + UserText.shown(id) + "' must be 1-64 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit (it names the image files)");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (!BATCH_KEYS.contains(key)) {
                settings.put(key, value);
            }
        });
        if (raw.containsKey("class")) {
            if (raw.containsKey("prompt")) {
                throw new IllegalArgumentException(origin + ": give class or prompt, not both");
            }
            settings.put("prompt", wholeNumber(origin, "class", raw.get("class"), 0, 1000) + "");
        }
        long first;
        long images;
        if (raw.containsKey("seeds")) {
            if (raw.containsKey("seed") || raw.containsKey("images")) {
                throw new IllegalArgumentException(origin + ": give seeds (a range A-B) or seed with images, not both");
            }
            java.util.regex.Matcher m = RANGE.matcher(raw.get("seeds"));
            if (!m.matches()) {
                throw new IllegalArgumentException(origin + ": seeds '" + UserText.shown(raw.get("seeds")) + "' must be a range A-B "
                        + "of non-negative whole numbers, e.g. 0-99");
            }
            first = parseSeed(origin, m.group(1));
            long last = parseSeed(origin, m.group(2));
            if (last < first) {
                throw new IllegalArgumentException(origin + ": seeds " + first + "-" + last + " run backwards");
            }
            images = last - first + 1;
        } else {
            if (!raw.containsKey("seed")) {
                throw new IllegalArgumentException(origin + ": give seed (the first image's) or seeds (a range A-B); "
                        + "a data set must be reproducible, so a job has no random seeds");
            }
            first = parseSeed(origin, raw.get("seed"));
            images = raw.containsKey("images") ? wholeNumber(origin, "images", raw.get("images"), 1,
                    MAX_IMAGES_PER_REQUEST) : 1;
        }
        if (images > MAX_IMAGES_PER_REQUEST) {
            throw new IllegalArgumentException(origin + ": " + images + " images in one request; at most "
                    + MAX_IMAGES_PER_REQUEST + " (split it)");
        }
        if (first > Long.MAX_VALUE - (images - 1)) {
            throw new IllegalArgumentException(origin + ": the last seed (" + first + " + " + (images - 1)
                    + ") does not fit in 64 bits; choose a smaller seed");
        }
        return new JobRequest(id, origin, settings, first, (int) images);
    }

    private static long parseSeed(String origin, String text) {
        try {
            long seed = Long.parseLong(text.trim());
            if (seed >= 0) {
                return seed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(origin + ": seed '" + UserText.shown(text) + "' must be a whole number >= 0");
    }

    private static int wholeNumber(String origin, String key, String text, int min, int max) {
        try {
            double value = Double.parseDouble(text.trim());
            if (value == Math.rint(value) && value >= min && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(origin + ": " + key + " '" + UserText.shown(text) + "' must be a whole number "
                + min + ".." + max);
    }
}
