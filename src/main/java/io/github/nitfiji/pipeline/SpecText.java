package io.github.nitfiji.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Settings as text under their keys ({@code steps=20}, as a macro, a dialog, a SciJava script or
 * a job file gives them), put into a spec through each setting's one parser. The one text path
 * of every front door but the command line's flags (which map to the same settings): an unknown
 * key is an error naming the keys the front door takes, so a typo ({@code step=10}) never runs
 * with the default; empty text means the default.
 */
public final class SpecText {
    private SpecText() {
    }

    /**
     * Puts every {@code key=text} of {@code settings} into {@code spec}.
     *
     * @param takes the settings this front door takes (its keys, in the order its messages list them)
     * @throws IllegalArgumentException naming the unknown keys, or the key whose text is not a valid value
     */
    public static SpecBuilder apply(SpecBuilder spec, Map<String, String> settings,
                                               Collection<Setting> takes) {
        List<String> unknown = new ArrayList<>();
        for (String key : settings.keySet()) {
            Setting setting = Setting.ofKey(key);
            if (setting == null || !takes.contains(setting)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; it takes " + keys(takes));
        }
        settings.forEach((key, text) -> spec.set(Setting.ofKey(key), text));
        return spec;
    }

    /** The keys of {@code settings}, comma-separated, for messages. */
    public static String keys(Collection<Setting> settings) {
        return settings.stream().map(Setting::key).collect(Collectors.joining(", "));
    }
}
