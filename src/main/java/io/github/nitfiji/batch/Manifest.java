package io.github.nitfiji.batch;

import io.github.nitfiji.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A manifest file (CSV, header {@link ManifestRow#COLUMNS}). Rows are appended one per finished
 * image and flushed, so a run killed at any moment leaves every earlier row; a torn last line is
 * dropped when the file is read back.
 */
public final class Manifest {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

    private Manifest() {
    }

    /** The complete rows of a manifest; an empty list when the file does not exist. */
    public static List<ManifestRow> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /** The complete rows of a manifest read from any stream; {@code name} is for messages. */
    public static List<ManifestRow> read(Reader in, String name) throws IOException {
        List<ManifestRow> rows = new ArrayList<>();
        try (CSVParser csv = CSVParser.parse(in, FORMAT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            if (csv.getHeaderNames().isEmpty()) {
                return rows;
            }
            if (!csv.getHeaderNames().equals(ManifestRow.COLUMNS)) {
                throw new IOException(name + " is not a NiT batch manifest (its header is " + csv.getHeaderNames()
                        + "); move it away or choose another output folder");
            }
            for (CSVRecord record : csv) {
                if (record.size() == ManifestRow.COLUMNS.size() && isComplete(record)) {
                    rows.add(new ManifestRow(record.values()));
                }
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            // a row cut inside a quoted field by a kill: everything before it was read
            return rows;
        }
        return rows;
    }

    private static boolean isComplete(CSVRecord record) {
        try {
            Integer.parseInt(record.get(0));
            Integer.parseInt(record.get(ManifestRow.COLUMNS.size() - 1));
            return record.get(ManifestRow.COLUMNS.indexOf("pixels_sha256")).length() == 64;
        } catch (NumberFormatException e) {
            return false;
        }
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
