package io.github.nitfiji.batch;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a job file: JSON {@code {"requests": [{"class": 207, "width": 256, ...}, ...]}} or CSV
 * with a header row of the same keys. The keys are those of the one generation request (the
 * macro keys) plus the batch's own: {@code id}, {@code class} (an ImageNet index, instead of a
 * prompt), {@code seed} with {@code images}, or {@code seeds} as a range {@code A-B}.
 *
 * <p>Every entry is turned into text settings here; whether they make a valid request is the
 * {@link TaskRunner}'s call, made by {@link BatchPlan} before any image is generated.
 */
public final class JobFile {
    private static final Pattern JSON_LINE = Pattern.compile(" at line (\\d+)");

    private JobFile() {
    }

    /**
     * Reads and checks the shape of a job file.
     *
     * @param requestKeys the keys of the one request, which entries may use besides the batch's own
     */
    public static List<JobRequest> read(Path file, List<String> requestKeys) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, Files.isDirectory(file)
                    ? "is a folder; give the job file (.json or .csv)" : "no such job file");
        }
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.getFileName().toString(),
                requestKeys);
    }

    /**
     * Parses a job file's text (as read from any file system).
     *
     * @param fileName the file's name: its extension (.json or .csv) picks the format; messages name it
     */
    public static List<JobRequest> parse(String text, String fileName, List<String> requestKeys) throws IOException {
        String name = fileName.toLowerCase(Locale.ROOT);
        JobEntries entries = new JobEntries(fileName, requestKeys);
        try (Reader in = new StringReader(text)) {
            if (name.endsWith(".json")) {
                readJson(in, entries);
            } else if (name.endsWith(".csv")) {
                readCsv(in, entries);
            } else {
                throw new IllegalArgumentException(fileName + ": a job file is .json or .csv");
            }
        }
        if (entries.requests().isEmpty()) {
            throw new IllegalArgumentException(fileName + " has no requests");
        }
        return entries.requests();
    }

    private static void readJson(Reader in, JobEntries entries) throws IOException {
        JsonReader json = new JsonReader(in);
        try {
            json.beginObject();
            boolean sawRequests = false;
            while (json.hasNext()) {
                String key = json.nextName();
                if (!key.equals("requests")) {
                    throw new IllegalArgumentException(entries.fileName() + ": unknown top-level key '" + key
                            + "'; a job file is {\"requests\": [...]}");
                }
                sawRequests = true;
                json.beginArray();
                int number = 0;
                while (json.hasNext()) {
                    number++;
                    String origin = entries.fileName() + " request " + number + lineOf(json);
                    entries.add(origin, "r" + number, readObject(json, origin));
                }
                json.endArray();
            }
            json.endObject();
            if (!sawRequests) {
                throw new IllegalArgumentException(entries.fileName() + " has no \"requests\" list");
            }
        } catch (IllegalStateException | com.google.gson.stream.MalformedJsonException e) {
            throw new IllegalArgumentException(entries.fileName() + " is not a valid job file: " + e.getMessage());
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(entries.fileName() + " ends early: not a complete JSON job file");
        }
    }

    private static Map<String, String> readObject(JsonReader json, String origin) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        json.beginObject();
        while (json.hasNext()) {
            String key = json.nextName();
            JsonToken token = json.peek();
            String value;
            if (token == JsonToken.STRING || token == JsonToken.NUMBER) {
                value = json.nextString();
            } else if (token == JsonToken.BOOLEAN) {
                value = Boolean.toString(json.nextBoolean());
            } else {
                throw new IllegalArgumentException(origin + ": '" + key + "' must be a text or a number, found "
                        + token.name().toLowerCase(Locale.ROOT));
            }
            if (values.put(key, value) != null) {
                throw new IllegalArgumentException(origin + ": '" + key + "' is given twice");
            }
        }
        json.endObject();
        return values;
    }

    private static String lineOf(JsonReader json) {
        // Gson names the reader's position in its description only
        Matcher m = JSON_LINE.matcher(json.toString());
        return m.find() ? " (line " + m.group(1) + ")" : "";
    }

    private static void readCsv(Reader in, JobEntries entries) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).build();
        try (CSVParser csv = CSVParser.parse(in, format)) {
            List<String> header = csv.getHeaderNames();
            for (CSVRecord record : csv) {
                String origin = entries.fileName() + " line " + (record.getRecordNumber() + 1);
                if (record.size() != header.size()) {
                    throw new IllegalArgumentException(origin + ": " + record.size() + " fields, the header has "
                            + header.size());
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (String key : header) {
                    String value = record.get(key);
                    if (!value.isEmpty()) {
                        values.put(key, value);
                    }
                }
                entries.add(origin, "r" + record.getRecordNumber(), values);
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(entries.fileName() + " is not a valid CSV job file: "
                    + e.getCause().getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(entries.fileName())) {
                throw e;
            }
            throw new IllegalArgumentException(entries.fileName() + " is not a valid CSV job file: " + e.getMessage());
        }
    }

    /** Turns raw entries into requests, applying the batch keys' rules. */
    private static final class JobEntries {
        private final String fileName;
        private final List<String> requestKeys;
        private final List<JobRequest> requests = new ArrayList<>();

        JobEntries(String fileName, List<String> requestKeys) {
            this.fileName = fileName;
            this.requestKeys = requestKeys;
        }

        String fileName() {
            return fileName;
        }

        List<JobRequest> requests() {
            return requests;
        }

        void add(String origin, String defaultId, Map<String, String> raw) {
            requests.add(JobEntryRules.toRequest(origin, defaultId, raw, requestKeys));
        }
    }
}
