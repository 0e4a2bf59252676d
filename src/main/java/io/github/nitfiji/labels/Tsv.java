package io.github.nitfiji.labels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The bundled tab-separated tables of this package: '#' starts a comment line, blank lines are skipped. */
final class Tsv {
    /** One data line: its number in the file (for messages) and its columns, trimmed. */
    static final class Row {
        final int line;
        final String[] columns;

        Row(int line, String[] columns) {
            this.line = line;
            this.columns = columns;
        }
    }

    private Tsv() {
    }

    /** Every data line, each with exactly {@code columns} columns. */
    static List<Row> read(Reader reader, String source, int columns) throws IOException {
        List<Row> rows = new ArrayList<>();
        BufferedReader in = new BufferedReader(reader);
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length != columns) {
                throw new IOException(source + " line " + lineNo + ": expected " + columns
                        + " tab-separated columns, got " + cols.length);
            }
            for (int i = 0; i < cols.length; i++) {
                cols[i] = cols[i].trim();
            }
            rows.add(new Row(lineNo, cols));
        }
        return rows;
    }

    /** A table bundled in the plugin jar; a missing or unreadable one is a broken build. */
    static List<Row> resource(String name, int columns) {
        String path = "/io/github/nitfiji/labels/" + name;
        try (InputStream in = Tsv.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the plugin jar (broken build?)");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), path, columns);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Comma-separated names, blanks dropped. */
    static List<String> names(String column) {
        List<String> names = new ArrayList<>();
        for (String n : column.split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
        return names;
    }

    /** A whole number column, or an IOException naming the line. */
    static int number(Row row, int column, String source, String what) throws IOException {
        try {
            return Integer.parseInt(row.columns[column]);
        } catch (NumberFormatException e) {
            throw new IOException(source + " line " + row.line + ": " + what + " '" + row.columns[column]
                    + "' is not a number");
        }
    }
}
