package io.github.nitfiji.model.gemma;

/**
 * Python's {@code text.encode('unicode-escape').decode('utf-8')}, the caption pre-processing of
 * TiM-T2I's training loader and GenEval sampler: printable ASCII stays, the backslash doubles,
 * tab/newline/return become backslash-t/n/r, every other character becomes a backslash and
 * x, u or U with 2, 4 or 8 lower-case hex digits, so the encoder sees only ASCII.
 */
public final class UnicodeEscape {
    private UnicodeEscape() {
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else if (c < 0x100) {
                out.append(String.format("\\x%02x", c));
            } else if (c < 0x10000) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append(String.format("\\U%08x", c));
            }
        });
        return out.toString();
    }
}
