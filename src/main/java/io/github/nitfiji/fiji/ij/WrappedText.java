package io.github.nitfiji.fiji.ij;

import java.awt.GridLayout;
import java.awt.Label;
import java.awt.Panel;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-line label for messages of any length in a dialog: the text wrapped at word boundaries
 * to a fixed number of columns (a word longer than a line, such as a path or a URL, is broken),
 * one AWT label per line, so a message is shown whole, never cut at the dialog's edge.
 */
final class WrappedText extends Panel {
    private static final long serialVersionUID = 1L;
    private final int columns;
    private String text = "";

    WrappedText(int columns) {
        super(new GridLayout(0, 1, 0, 0));
        this.columns = columns;
        add(new Label(""));
    }

    /** Shows {@code message}; true when its line count changed (the dialog must then be packed). */
    boolean setText(String message) {
        String t = message == null ? "" : message;
        if (t.equals(text)) {
            return false;
        }
        int before = getComponentCount();
        text = t;
        removeAll();
        for (String line : lines(t, columns)) {
            add(new Label(line));
        }
        validate();
        return getComponentCount() != before;
    }

    String text() {
        return text;
    }

    /** The lines of {@code text} at most {@code columns} wide; its own line breaks are kept; at least one line. */
    static List<String> lines(String text, int columns) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.trim().split("\\s+")) {
                while (word.length() > columns) { // a path or URL: broken, never cut off
                    if (line.length() > 0) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    lines.add(word.substring(0, columns));
                    word = word.substring(columns);
                }
                if (line.length() > 0 && line.length() + 1 + word.length() > columns) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (!word.isEmpty()) {
                    line.append(line.length() > 0 ? " " : "").append(word);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
