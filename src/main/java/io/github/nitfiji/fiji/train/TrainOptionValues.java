package io.github.nitfiji.fiji.train;

import io.github.nitfiji.fiji.MacroOptions;
import io.github.nitfiji.runtime.DeviceChoice;
import java.util.Locale;

/**
 * One "NiT Train..." value as typed (macro, dialog field, SciJava parameter), checked and written
 * back canonically ("0.00050" becomes "0.0005"), so that equal options record equal lines. Ranges
 * beyond the type (steps at least 1, ...) are the engine's checks ({@link TrainOptions#settings}).
 */
final class TrainOptionValues {
    private TrainOptionValues() {
    }

    /** The canonical text of {@code t} for {@code key}; throws naming the key when it is not a value of its type. */
    static String canonical(String key, String t) {
        switch (key) {
            case TrainOptions.IMAGES:
                return oneOf(key, t, TrainOptions.FOLDER, TrainOptions.OPEN);
            case TrainOptions.CLASS:
                return oneOf(key, t, TrainOptions.LABEL, TrainOptions.TITLE);
            case "device":
                return DeviceChoice.check(t, key);
            case "steps":
            case "rank":
            case "preview_every":
            case "max_size":
            case "min_size":
            case "token_budget":
            case "checkpoint_every":
            case "warmup":
                return Integer.toString(wholeNumber(key, t));
            case "seed":
                try {
                    return Long.toString(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + "='" + t + "' is not a whole number");
                }
            case "lr":
            case "memory_budget":
            case "alpha":
            case "ema":
                return MacroOptions.number(decimal(key, t));
            default:
                return t; // data, base, name, run: checked by the engine, which names them
        }
    }

    private static String oneOf(String key, String t, String a, String b) {
        String v = t.toLowerCase(Locale.ROOT);
        if (!v.equals(a) && !v.equals(b)) {
            throw new IllegalArgumentException(key + "='" + t + "' is not known; use " + key + "=" + a + " or " + key
                    + "=" + b);
        }
        return v;
    }

    private static int wholeNumber(String key, String t) {
        try {
            int v = Integer.parseInt(t);
            if (v < 0) {
                throw new IllegalArgumentException(key + "=" + t + " must be 0 or more");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + t + "' is not a whole number");
        }
    }

    private static double decimal(String key, String t) {
        try {
            double v = Double.parseDouble(t);
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException(key + "=" + t + " must be a number of 0 or more");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + t + "' is not a number");
        }
    }
}
