package io.github.nitfiji.io;

/**
 * Text that came from a user or a file (a prompt, an id, a key, a path), made safe to echo to a
 * terminal or a log: control characters (NUL, ESC and the rest of C0 and C1, DEL) and the Unicode
 * controls that reorder or hide text (bidirectional overrides, line and paragraph separators) are
 * shown as escapes ({@code \u001b}), so a job file cannot recolour, erase or rewrite the
 * terminal, and long text is shortened with its length said.
 */
public final class UserText {
    /** How much of a user's text a message quotes: enough to recognise it. */
    public static final int SHOWN_CHARS = 120;

    private UserText() {
    }

    /** {@code text} escaped and, above {@link #SHOWN_CHARS} characters, shortened. */
    public static String shown(String text) {
        return shown(text, SHOWN_CHARS);
    }

    /** {@code text} escaped and shortened to about {@code max} characters, saying how long it was. */
    public static String shown(String text, int max) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= max) {
            return escaped(text, false);
        }
        int cut = max;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // never split a pair
        }
        return escaped(text.substring(0, cut), false) + "... (" + text.length() + " characters)";
    }

    /** Every control character escaped, line breaks included: for text quoted inside one line. */
    public static String escaped(String text) {
        return escaped(text, false);
    }

    /** A whole message for a terminal: control characters escaped, its own line breaks kept. */
    public static String message(String text) {
        return text == null ? null : escaped(text, true);
    }

    private static String escaped(String text, boolean keepLineBreaks) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep = !isHidden(c) || keepLineBreaks && (c == '\n' || c == '\t');
            if (keep && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (keep) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** A character a terminal would act on or that hides or reorders the text around it. */
    static boolean isHidden(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f
                || c >= 0x202a && c <= 0x202e // bidirectional embedding and override
                || c >= 0x2066 && c <= 0x2069 // bidirectional isolates
                || c == 0x200e || c == 0x200f || c == 0x061c // direction marks
                || c == 0x2028 || c == 0x2029; // line and paragraph separators
    }
}
