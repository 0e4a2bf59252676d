package io.github.nitfiji.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, strict access to the fields of one JSON object of a config or card. A value of the wrong
 * JSON type is an error, never converted: {@code "depth": "28"} is not an integer, {@code 28.5}
 * is not an integer, {@code "yes"} is not a boolean, 1e400 is not a number we can use. An absent
 * field and {@code null} are the same (configs written by Python use both). Every error is a
 * {@link JsonFormatException} that says {@code SOURCE: field 'PATH': problem}, where PATH is the
 * field's place in the document ({@code config.depth}, {@code files[1].sha256}).
 */
public final class JsonFields {
    private static final int SHOWN_VALUE_CHARS = 60;

    private final JsonObject object;
    private final String source;
    private final String path;

    JsonFields(JsonObject object, String source, String path) {
        this.object = object;
        this.source = source;
        this.path = path;
    }

    /** Fields of an object already in memory (a card's config), named {@code path} in errors. */
    public static JsonFields of(JsonObject object, String source, String path) {
        return new JsonFields(object, source, path);
    }

    /** The object itself (not a copy). */
    public JsonObject json() {
        return object;
    }

    public String source() {
        return source;
    }

    /** True when the field is present and not null. */
    public boolean has(String key) {
        JsonElement e = object.get(key);
        return e != null && !e.isJsonNull();
    }

    public boolean isArray(String key) {
        return has(key) && object.get(key).isJsonArray();
    }

    /** An error about one field: "SOURCE: field 'PATH.key': problem". */
    public JsonFormatException error(String key, String problem) {
        return new JsonFormatException(source + ": field '" + fieldPath(key) + "': " + problem);
    }

    /** An error about this object as a whole (several fields that disagree). */
    public JsonFormatException error(String problem) {
        return new JsonFormatException(source + ": " + (path.isEmpty() ? "" : "field '" + path + "': ") + problem);
    }

    public int requiredInt(String key) {
        return toInt(key, required(key));
    }

    public int optionalInt(String key, int fallback) {
        return has(key) ? toInt(key, object.get(key)) : fallback;
    }

    public long requiredLong(String key) {
        return toLong(key, required(key));
    }

    /** The value, or null when absent. */
    public Long optionalLong(String key) {
        return has(key) ? toLong(key, object.get(key)) : null;
    }

    public double requiredNumber(String key) {
        return toDouble(key, required(key));
    }

    public double optionalNumber(String key, double fallback) {
        return has(key) ? toDouble(key, object.get(key)) : fallback;
    }

    /** The value, or null when absent. */
    public Double optionalNumber(String key) {
        return has(key) ? toDouble(key, object.get(key)) : null;
    }

    public boolean optionalBoolean(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonElement e = object.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw error(key, "expected true or false, got " + describe(e));
        }
        return e.getAsBoolean();
    }

    /** A string that is present and not blank. */
    public String requiredString(String key) {
        String s = optionalString(key);
        if (s == null || s.isBlank()) {
            throw error(key, "missing or empty");
        }
        return s;
    }

    /** The value, or null when absent. */
    public String optionalString(String key) {
        return has(key) ? toString(key, object.get(key)) : null;
    }

    public String optionalString(String key, String fallback) {
        String s = optionalString(key);
        return s == null ? fallback : s;
    }

    public JsonFields requiredObject(String key) {
        JsonElement e = required(key);
        if (!e.isJsonObject()) {
            throw error(key, "expected an object, got " + describe(e));
        }
        return new JsonFields(e.getAsJsonObject(), source, fieldPath(key));
    }

    public int[] requiredIntArray(String key) {
        JsonArray a = array(key, required(key), "a list of integers");
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(key + "[" + i + "]", a.get(i));
        }
        return out;
    }

    public int[] optionalIntArray(String key, int[] fallback) {
        return has(key) ? requiredIntArray(key) : fallback.clone();
    }

    /** A list of lists of integers, e.g. {@code [[], [5], [3, 5]]}. */
    public List<int[]> requiredIntArrays(String key) {
        JsonArray a = array(key, required(key), "a list of integer lists");
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String at = key + "[" + i + "]";
            JsonArray inner = array(at, a.get(i), "a list of integers");
            int[] values = new int[inner.size()];
            for (int j = 0; j < values.length; j++) {
                values[j] = toInt(at + "[" + j + "]", inner.get(j));
            }
            out.add(values);
        }
        return out;
    }

    public List<String> requiredStringArray(String key) {
        JsonArray a = array(key, required(key), "a list of strings");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(toString(key + "[" + i + "]", a.get(i)));
        }
        return out;
    }

    public double[] requiredNumberArray(String key) {
        JsonArray a = array(key, required(key), "a list of numbers");
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toDouble(key + "[" + i + "]", a.get(i));
        }
        return out;
    }

    /** A list of objects, each named {@code key[i]} in errors; absent is an empty list. */
    public List<JsonFields> optionalObjectArray(String key) {
        List<JsonFields> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        JsonArray a = array(key, object.get(key), "a list of objects");
        for (int i = 0; i < a.size(); i++) {
            String at = key + "[" + i + "]";
            if (!a.get(i).isJsonObject()) {
                throw error(at, "expected an object, got " + describe(a.get(i)));
            }
            out.add(new JsonFields(a.get(i).getAsJsonObject(), source, fieldPath(at)));
        }
        return out;
    }

    /** A JSON value for an error message, shortened: a fuzzed or corrupt file can hold megabytes. */
    static String describe(JsonElement e) {
        String s = e.toString();
        return s.length() <= SHOWN_VALUE_CHARS ? s : s.substring(0, SHOWN_VALUE_CHARS) + "...";
    }

    private String fieldPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private JsonElement required(String key) {
        if (!has(key)) {
            throw error(key, "missing");
        }
        return object.get(key);
    }

    private JsonArray array(String key, JsonElement e, String what) {
        if (!e.isJsonArray()) {
            throw error(key, "expected " + what + ", got " + describe(e));
        }
        return e.getAsJsonArray();
    }

    private BigDecimal exactNumber(String key, JsonElement e, String what) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw error(key, "expected " + what + ", got " + describe(e));
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        try {
            return p.getAsBigDecimal();
        } catch (NumberFormatException notFinite) { // a NaN or infinite Double put in by code
            throw error(key, "expected " + what + ", got " + describe(e));
        }
    }

    private int toInt(String key, JsonElement e) {
        try {
            return exactNumber(key, e, "an integer").intValueExact();
        } catch (ArithmeticException notAnInt) { // 28.5, or beyond the int range
            throw error(key, "expected an integer, got " + describe(e));
        }
    }

    private long toLong(String key, JsonElement e) {
        try {
            return exactNumber(key, e, "an integer").longValueExact();
        } catch (ArithmeticException notALong) {
            throw error(key, "expected an integer, got " + describe(e));
        }
    }

    private double toDouble(String key, JsonElement e) {
        double d = exactNumber(key, e, "a number").doubleValue();
        if (Double.isInfinite(d)) {
            throw error(key, "expected a number of double range, got " + describe(e));
        }
        return d;
    }

    private String toString(String key, JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw error(key, "expected a string, got " + describe(e));
        }
        return e.getAsString();
    }
}
