package io.github.nitfiji.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A dataset given as a list: CSV lines {@code file,class} (an optional header line
 * {@code file,class}; fields may be double-quoted) or a JSON array of {@code {"file": ..., "class": ...}}.
 * Relative file paths are relative to the list's folder. Classes are numbered in sorted order.
 */
final class DatasetList {
    private DatasetList() {
    }

    static Dataset read(Path list) throws IOException {
        String name = list.getFileName().toString().toLowerCase(Locale.ROOT);
        List<String[]> rows;
        if (name.endsWith(".csv")) {
            rows = csv(list);
        } else if (name.endsWith(".json")) {
            rows = json(list);
        } else {
            throw new IllegalArgumentException("--data " + list + " is neither a folder nor a .csv or .json list");
        }
        TreeSet<String> names = new TreeSet<>();
        for (String[] r : rows) {
            names.add(r[1]);
        }
        List<String> classNames = new ArrayList<>(names);
        List<Dataset.Entry> entries = new ArrayList<>();
        Path base = list.toAbsolutePath().getParent();
        for (String[] r : rows) {
            Path file = base.resolve(r[0]).normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(list + " lists " + r[0] + ", which is not a file (" + file + ")");
            }
            entries.add(new Dataset.Entry(file, classNames.indexOf(r[1])));
        }
        return Dataset.checked(list, classNames, entries);
    }

    private static List<String[]> csv(Path list) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.replace("\"", "").equalsIgnoreCase("file,class"))) {
                continue;
            }
            String[] fields = fields(line);
            if (fields.length != 2 || fields[0].isEmpty()) {
                throw new IllegalArgumentException(list + " line " + (i + 1) + ": expected 'file,class', found '" + line
                        + "'");
            }
            rows.add(fields);
        }
        return rows;
    }

    private static String[] fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString().strip());
        return out.toArray(new String[0]);
    }

    private static List<String[]> json(Path list) throws IOException {
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(list, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(list + " is not valid JSON (" + e.getMessage() + ")");
        }
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException(list + ": expected a JSON array of {\"file\": ..., \"class\": ...}");
        }
        List<String[]> rows = new ArrayList<>();
        JsonArray array = root.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonElement e = array.get(i);
            JsonObject o = e.isJsonObject() ? e.getAsJsonObject() : null;
            if (o == null || !isString(o, "file") || !isString(o, "class")) {
                throw new IllegalArgumentException(list + " item " + i + ": expected {\"file\": \"...\", \"class\": \"...\"}");
            }
            rows.add(new String[] {o.get("file").getAsString(), o.get("class").getAsString()});
        }
        return rows;
    }

    private static boolean isString(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() && o.get(key).getAsJsonPrimitive().isString();
    }
}
