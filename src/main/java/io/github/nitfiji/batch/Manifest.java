package io.github.nitfiji.batch;

import io.github.nitfiji.io.AtomicFiles;
import io.github.nitfiji.io.UserText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A manifest file (CSV, header {@link ManifestRow#COLUMNS}). Rows are appended one per finished
 * image and flushed, so a run killed at any moment leaves every earlier row. Reading never lets
 * one bad line cost the others: a row cut short by a kill, or a line damaged by hand or by the
 * disk, is skipped and reported by its line number, and every row after it is read as usual.
 */
public final class Manifest {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();
    private static final int INDEX = 0;
    private static final int THREADS = ManifestRow.COLUMNS.indexOf("threads");
    private static final int PIXELS = ManifestRow.COLUMNS.indexOf("pixels_sha256");
    private static final int FILE_BYTES = ManifestRow.COLUMNS.indexOf("file_bytes");
    private static final int FILE_SHA = ManifestRow.COLUMNS.indexOf("file_sha256");
    /** A row spans more than one line only where a prompt holds line breaks; far fewer than this. */
    private static final int MAX_LINES_PER_ROW = 256;

    /** The rows of a manifest and the lines that were skipped. */
    public static final class Contents {
        public final List<ManifestRow> rows;
        /** One entry per skipped line: "NAME line N: why". */
        public final List<String> skipped;

        Contents(List<ManifestRow> rows, List<String> skipped) {
            this.rows = rows;
            this.skipped = Collections.unmodifiableList(skipped);
        }
    }

    private Manifest() {
    }

    /** The complete rows of a manifest; an empty list when the file does not exist. */
    public static List<ManifestRow> read(Path file) throws IOException {
        return readAll(file).rows;
    }

    /** The complete rows of a manifest read from any stream; {@code name} is for messages. */
    public static List<ManifestRow> read(Reader in, String name) throws IOException {
        return readAll(in, name).rows;
    }

    /** Rows and skipped lines; nothing when the file does not exist. */
    public static Contents readAll(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Contents(new ArrayList<>(), List.of());
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readAll(in, file.toString());
        } catch (java.nio.charset.MalformedInputException e) {
            // not UTF-8 at all: read it byte for byte so the bad lines are skipped, not the file
            return readAll(new java.io.StringReader(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)),
                    file.toString());
        }
    }

    /** Rows and skipped lines from any stream. */
    public static Contents readAll(Reader in, String name) throws IOException {
        List<String> lines = lines(in);
        List<ManifestRow> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (lines.isEmpty() || lines.size() == 1 && lines.get(0).isEmpty()) {
            return new Contents(rows, skipped);
        }
        List<String> header = fields(lines.get(0));
        if (header == null || !header.equals(ManifestRow.COLUMNS) && !header.equals(ManifestRow.FIRST_COLUMNS)) {
            throw new IOException(UserText.shown(name) + " is not a NiT batch manifest (its first line is '"
                    + UserText.shown(lines.get(0)) + "'); move it away or choose another output folder");
        }
        int i = 1;
        while (i < lines.size()) {
            if (lines.get(i).isEmpty()) {
                i++;
                continue;
            }
            // a field may hold a line break (a prompt with one), quoted: join lines until the quotes pair up
            int end = i;
            int quotes = quotes(lines.get(i));
            while (quotes % 2 != 0 && end + 1 < lines.size() && end - i < MAX_LINES_PER_ROW) {
                end++;
                quotes += quotes(lines.get(end));
            }
            ManifestRow row = quotes % 2 == 0 ? row(fields(String.join("\n", lines.subList(i, end + 1))),
                    header.size()) : null;
            if (row == null) {
                // only this line: the next one starts afresh (a torn row must not swallow the rows after it)
                skipped.add(UserText.shown(name) + " line " + (i + 1) + ": not a complete row (cut short or"
                        + " damaged); skipped");
                i++;
            } else {
                rows.add(row);
                i = end + 1;
            }
        }
        return new Contents(rows, skipped);
    }

    private static List<String> lines(Reader in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        char[] buffer = new char[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            for (int k = 0; k < n; k++) {
                char c = buffer[k];
                if (c == '\n') {
                    int last = line.length() - 1;
                    if (last >= 0 && line.charAt(last) == '\r') {
                        line.setLength(last);
                    }
                    lines.add(line.toString());
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static int quotes(CharSequence text) {
        int n = 0;
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) == '"') {
                n++;
            }
        }
        return n;
    }

    /** The fields of one CSV record, or null when the text is not exactly one well-formed record. */
    private static List<String> fields(String text) {
        try (CSVParser csv = CSVParser.parse(text, FORMAT)) {
            List<CSVRecord> records = csv.getRecords();
            return records.size() == 1 ? records.get(0).toList() : null;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return null;
        }
    }

    private static ManifestRow row(List<String> fields, int columns) {
        if (fields == null || fields.size() != columns) {
            return null;
        }
        String[] values = fields.toArray(new String[0]);
        try {
            Integer.parseInt(values[INDEX]);
            Integer.parseInt(values[THREADS]);
            if (!isSha256(values[PIXELS])) {
                return null;
            }
            ManifestRow row = new ManifestRow(values);
            String bytes = row.values[FILE_BYTES];
            String sha = row.values[FILE_SHA];
            if (!(bytes.isEmpty() && sha.isEmpty()) && (Long.parseLong(bytes) < 0 || !isSha256(sha))) {
                return null;
            }
            return row;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isSha256(String text) {
        return text.length() == 64 && text.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    /** Starts a manifest on a stream: the header now, then {@link #print} a row at a time. */
    public static CSVPrinter printer(Writer out) throws IOException {
        CSVPrinter csv = new CSVPrinter(out, FORMAT);
        csv.printRecord(ManifestRow.COLUMNS);
        return csv;
    }

    /** Prints one row and flushes it, so a kill loses at most this row. */
    public static void print(CSVPrinter csv, ManifestRow row) throws IOException {
        csv.printRecord((Object[]) row.values);
        csv.flush();
    }

    /** Writes a whole manifest atomically. */
    public static void write(Path file, Collection<ManifestRow> rows) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, tmp -> {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                    CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
                csv.printRecord(ManifestRow.COLUMNS);
                for (ManifestRow row : rows) {
                    csv.printRecord((Object[]) row.values);
                }
            }
        });
    }

    /** Appends one row and flushes it to the file. */
    static void append(Path file, ManifestRow row) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            csv.printRecord((Object[]) row.values);
        }
    }
}
