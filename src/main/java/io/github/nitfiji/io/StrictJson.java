package io.github.nitfiji.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON reader for every file the plugin parses (model cards, NiT, TiM, Gemma and DC-AE
 * configs, safetensors headers, batch job files, engine records), stricter than Gson's
 * {@code JsonParser}, which is lenient (comments, unquoted names and strings, single quotes, NaN)
 * and keeps the last of two equal keys. Here the syntax is standard JSON, a key may appear once
 * per object, nothing may follow the document (a second document or stray text is an error, not
 * ignored), nesting is bounded (a hostile file cannot overflow the stack), and numbers are kept
 * exactly as written ({@link BigDecimal}), so {@link JsonFields} can tell 28 from 28.5 from
 * 1e400 from "28". Errors say where (line and column) and what, in words: never Gson's class or
 * advice text.
 */
public final class StrictJson {
    /** Far deeper than any config or card (they nest at most 4 levels). */
    static final int MAX_DEPTH = 64;

    private static final Pattern POSITION = Pattern.compile(" at line (\\d+) column (\\d+)");

    private StrictJson() {
    }

    /** The JSON object in {@code text}; {@code source} names it in errors (a path, "model card X"). */
    public static JsonFields parseObject(String text, String source) {
        JsonElement root = parse(text, source);
        if (!root.isJsonObject()) {
            throw new JsonFormatException(source + ": expected a JSON object, found " + JsonFields.describe(root));
        }
        return new JsonFields(root.getAsJsonObject(), source, "");
    }

    static JsonElement parse(String text, String source) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark, as some Windows editors write: not content
        }
        // a new JsonReader is strict unless told otherwise
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            JsonElement root = read(reader, 0, source);
            try {
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw new JsonFormatException(source + ": more after the end of the JSON document"
                            + where(reader) + "; a file holds one document");
                }
            } catch (IOException e) {
                throw new JsonFormatException(source + ": more after the end of the JSON document" + where(e)
                        + "; a file holds one document", e);
            }
            return root;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new JsonFormatException(source + ": not valid JSON" + where(e) + ": " + reason(e), e);
        }
    }

    private static JsonElement read(JsonReader reader, int depth, String source) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new JsonFormatException(source + ": nested more than " + MAX_DEPTH + " levels deep" + where(reader));
        }
        switch (reader.peek()) {
            case BEGIN_OBJECT:
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        throw new JsonFormatException(source + ": field '" + UserText.shown(name)
                                + "' appears more than once in one object" + where(reader)
                                + " (each key may be given once; one of the values would be lost)");
                    }
                    object.add(name, read(reader, depth + 1, source));
                }
                reader.endObject();
                return object;
            case BEGIN_ARRAY:
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader, depth + 1, source));
                }
                reader.endArray();
                return array;
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER:
                return new JsonPrimitive(new BigDecimal(reader.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new JsonFormatException(source + ": not valid JSON" + where(reader) + ": a value is missing");
        }
    }

    /** " at line L, column C" from the reader's own description, or "". */
    private static String where(Object readerOrError) {
        String text = readerOrError instanceof Throwable ? String.valueOf(((Throwable) readerOrError).getMessage())
                : readerOrError.toString();
        Matcher m = POSITION.matcher(text);
        return m.find() ? " at line " + m.group(1) + ", column " + m.group(2) : "";
    }

    /** What is wrong, in words, from Gson's description of a syntax error (never its class names or advice). */
    static String reason(Exception e) {
        if (e instanceof NumberFormatException) {
            return "a number that cannot be read";
        }
        String m = String.valueOf(e.getMessage());
        String[][] known = {
            {"End of input", "the text ends before the document does (cut short?)"},
            {"Unterminated string", "a string is not closed by a quote"},
            {"Unterminated object", "an object is not closed (a missing ',' or '}')"},
            {"Unterminated array", "a list is not closed (a missing ',' or ']')"},
            {"Unterminated escape", "a string ends inside an escape sequence"},
            {"Invalid escape", "a string holds an invalid escape sequence"},
            {"Malformed Unicode escape", "a string holds an invalid \\u escape"},
            {"Expected name", "expected a field name in double quotes"},
            {"Expected ':'", "expected ':' after a field name"},
            {"Expected value", "expected a value"},
            {"Unexpected value", "expected a value"},
            {"Unterminated comment", "comments are not JSON"},
        };
        for (String[] k : known) {
            if (m.contains(k[0])) {
                return k[1];
            }
        }
        // Gson's other syntax errors are what a lenient reader would accept: comments, single
        // quotes, unquoted names or text, NaN, a trailing comma, a second document
        return "not standard JSON (comments, single quotes, unquoted names or text, NaN or a trailing comma)";
    }
}
