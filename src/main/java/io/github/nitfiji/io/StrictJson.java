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

/**
 * Reads JSON text into Gson's tree, more strictly than {@code JsonParser}, which is lenient
 * (comments, unquoted names and strings, single quotes, NaN) and keeps the last of two equal keys.
 * Here the syntax is standard JSON, a key may appear once per object, nothing may follow the
 * document, nesting is bounded (a hostile file cannot overflow the stack), and numbers are kept
 * exactly as written ({@link BigDecimal}), so {@link JsonFields} can tell 28 from 28.5 from 1e400.
 */
public final class StrictJson {
    /** Far deeper than any config or card (they nest at most 4 levels). */
    static final int MAX_DEPTH = 64;

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
        // a new JsonReader is strict unless told otherwise (setLenient / setStrictness)
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            JsonElement root = read(reader, 0, source);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonFormatException(source + ": not valid JSON: text after the end of the document at "
                        + reader.getPath());
            }
            return root;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // Gson reports syntax errors as MalformedJsonException (an IOException) or
            // IllegalStateException, with the line, column and path; the first line is enough
            String message = String.valueOf(e.getMessage()).split("\n", 2)[0];
            throw new JsonFormatException(source + ": not valid JSON (" + message + ")", e);
        }
    }

    private static JsonElement read(JsonReader reader, int depth, String source) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new JsonFormatException(source + ": nested more than " + MAX_DEPTH + " levels deep at "
                    + reader.getPath());
        }
        switch (reader.peek()) {
            case BEGIN_OBJECT:
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        throw new JsonFormatException(source + ": field '" + name + "' appears twice at "
                                + reader.getPath());
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
                throw new JsonFormatException(source + ": not valid JSON: unexpected " + reader.peek() + " at "
                        + reader.getPath());
        }
    }
}
