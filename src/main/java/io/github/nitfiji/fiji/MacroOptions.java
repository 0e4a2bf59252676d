package io.github.nitfiji.fiji;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The syntax of ImageJ macro options ({@code key=value key=[value with spaces] flag}), beyond what
 * {@link ij.Macro#getValue} reads: which keys a string names, and how to write values back.
 */
public final class MacroOptions {
    private MacroOptions() {
    }

    /** The keys of an options string in order of appearance, lower-cased (bare flags included). */
    public static List<String> keys(String options) {
        List<String> keys = new ArrayList<>();
        int i = 0;
        int n = options.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(options.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(options.charAt(i))) {
                i++;
            }
            if (i > start) {
                keys.add(options.substring(start, i).toLowerCase(java.util.Locale.ROOT));
            }
            if (i < n && options.charAt(i) == '=') {
                i = skipValue(options, i + 1);
            }
        }
        return keys;
    }

    private static int skipValue(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char open = s.charAt(i);
        if (open == '[') {
            int depth = 0;
            for (; i < s.length(); i++) {
                if (s.charAt(i) == '[') {
                    depth++;
                } else if (s.charAt(i) == ']' && --depth == 0) {
                    return i + 1;
                }
            }
            return i;
        }
        if (open == '\'') {
            int close = s.indexOf('\'', i + 1);
            return close < 0 ? s.length() : close + 1;
        }
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A value as the Recorder writes it: in brackets when it is empty or holds a space. */
    public static String quote(String value) {
        return value.isEmpty() || value.chars().anyMatch(Character::isWhitespace) ? "[" + value + "]" : value;
    }

    /** {@code key=value ...} in the map's order. */
    public static String format(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(quote(v)));
        return b.toString();
    }

    /** A number without a trailing ".0" (3.0 -> "3", 0.70 -> "0.7"), as a person would type it. */
    public static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
