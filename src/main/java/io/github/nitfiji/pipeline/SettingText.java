package io.github.nitfiji.pipeline;

/**
 * Numbers typed as text under a macro key (a macro, a dialog field, a batch job entry), read one
 * way everywhere, with messages of the form {@code key=text must be ...}.
 */
public final class SettingText {
    private SettingText() {
    }

    /** A whole number; {@code 4.0} is accepted (ImageJ macros hold numbers as doubles). */
    public static int whole(String key, String text) {
        double value = number(key, text);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + "=" + text + " must be a whole number");
        }
        return (int) value;
    }

    /** A finite number. */
    public static double number(String key, String text) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + "=" + text + " is not a number");
    }
}
