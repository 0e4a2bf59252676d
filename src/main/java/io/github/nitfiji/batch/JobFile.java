package io.github.nitfiji.batch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.StrictJson;
import io.github.nitfiji.io.UserText;
import java.io.IOException;
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
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // Excel's "CSV UTF-8" starts with a byte order mark: not content
        }
        if (name.endsWith(".json")) {
            readJson(text, entries);
        } else if (name.endsWith(".csv")) {
            readCsv(text, entries);
        } else {
            throw new IllegalArgumentException(UserText.shown(fileName) + ": a job file is .json or .csv");
        }
        if (entries.requests().isEmpty()) {
            throw new IllegalArgumentException(UserText.shown(fileName) + " has no requests");
        }
        return entries.requests();
    }

    /** With the one strict JSON reader: one document, each key once, nothing after it. */
    private static void readJson(String text, JobEntries entries) {
        JsonFields root = StrictJson.parseObject(text, entries.fileName());
        for (String key : root.json().keySet()) {
            if (!key.equals("requests")) {
                throw new IllegalArgumentException(entries.fileName() + ": unknown top-level key '"
                        + UserText.shown(key) + "'; a job file is {\"requests\": [...]}");
            }
        }
        if (!root.isArray("requests")) {
            throw new IllegalArgumentException(entries.fileName() + (root.has("requests")
                    ? ": \"requests\" must be a list of requests [{...}, ...]" : " has no \"requests\" list"));
        }
        JsonArray requests = root.json().getAsJsonArray("requests");
        List<Integer> lines = requestLines(text);
        for (int i = 0; i < requests.size(); i++) {
            int number = i + 1;
            String origin = entries.fileName() + " request " + number
                    + (i < lines.size() ? " (line " + lines.get(i) + ")" : "");
            JsonElement request = requests.get(i);
            if (!request.isJsonObject()) {
                throw new IllegalArgumentException(origin + ": a request is an object {\"key\": value, ...}, found "
                        + kind(request));
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : request.getAsJsonObject().entrySet()) {
                JsonElement v = e.getValue();
                if (!v.isJsonPrimitive()) {
                    throw new IllegalArgumentException(origin + ": '" + UserText.shown(e.getKey())
                            + "' must be a text or a number, found " + kind(v));
                }
                JsonPrimitive p = v.getAsJsonPrimitive();
                values.put(e.getKey(), p.isNumber() ? p.getAsBigDecimal().toString() : p.getAsString());
            }
            entries.add(origin, "r" + number, values);
        }
    }

    private static String kind(JsonElement e) {
        return e.isJsonNull() ? "null" : e.isJsonArray() ? "a list" : e.isJsonObject() ? "an object" : e.toString();
    }

    /**
     * The line each request starts on, for messages. The text is already known to be valid JSON
     * (read by {@link StrictJson}); this pass only finds positions.
     */
    private static List<Integer> requestLines(String text) {
        List<Integer> lines = new ArrayList<>();
        try (JsonReader json = new JsonReader(new StringReader(text))) {
            json.beginObject();
            while (json.hasNext()) {
                if (!json.nextName().equals("requests")) {
                    json.skipValue();
                    continue;
                }
                json.beginArray();
                while (json.hasNext()) {
                    Matcher m = JSON_LINE.matcher(json.toString());
                    lines.add(m.find() ? Integer.parseInt(m.group(1)) : -1);
                    json.skipValue();
                }
                return lines;
            }
        } catch (IOException | RuntimeException e) {
            // positions are a courtesy; the strict reader has judged the text
        }
        return lines;
    }

    private static void readCsv(String text, JobEntries entries) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true)
                .build();
        try (CSVParser csv = CSVParser.parse(text, format)) {
            List<String> header = null;
            for (CSVRecord record : csv) {
                String origin = entries.fileName() + " line " + record.getRecordNumber();
                if (header == null) {
                    header = header(record, entries.fileName());
                    continue;
                }
                if (record.size() != header.size()) {
                    throw new IllegalArgumentException(origin + ": " + record.size() + " fields, the header has "
                            + header.size());
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String value = record.get(i);
                    if (!value.isEmpty()) {
                        values.put(header.get(i), value);
                    }
                }
                entries.add(origin, "r" + (record.getRecordNumber() - 1), values);
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            // commons-csv reports a quoted field that never closes this way; its text names Java classes
            throw new IllegalArgumentException(entries.fileName() + " is not valid CSV: a quoted field (\"...\")"
                    + " is not closed, or text follows a closing quote", e);
        }
    }

    /** The header row: each column named once (a repeated column would silently override the first). */
    private static List<String> header(CSVRecord record, String fileName) {
        List<String> header = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i);
            if (name.isEmpty()) {
                throw new IllegalArgumentException(fileName + " line 1: column " + (i + 1) + " has no name");
            }
            if (header.contains(name)) {
                throw new IllegalArgumentException(fileName + " line 1: column '" + UserText.shown(name)
                        + "' appears twice in the header; give each key once");
            }
            header.add(name);
        }
        return header;
    }

    /** Turns raw entries into requests, applying the batch keys' rules. */
    private static final class JobEntries {
        private final String fileName;
        private final List<String> requestKeys;
        private final List<JobRequest> requests = new ArrayList<>();

        JobEntries(String fileName, List<String> requestKeys) {
            this.fileName = UserText.shown(fileName);
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
