package io.github.nitfiji.io;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds a name used twice in one JSON object. Gson's tree parser keeps the last of two equal
 * keys, so a header naming a tensor twice would silently lose one; the safetensors format does
 * not allow it, so the reader refuses such a header instead.
 */
final class UniqueKeys {
    private UniqueKeys() {
    }

    /** The first repeated key, as "key" or "outer.key" for a nested object; null when all are unique. */
    static String firstDuplicate(String json) throws IOException {
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setLenient(true); // as lenient as the tree parser that already accepted the text
            return scan(reader, "");
        }
    }

    private static String scan(JsonReader reader, String path) throws IOException {
        JsonToken token = reader.peek();
        if (token == JsonToken.BEGIN_OBJECT) {
            Set<String> seen = new HashSet<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                String qualified = path.isEmpty() ? name : path + "." + name;
                if (!seen.add(name)) {
                    return qualified;
                }
                String inner = scan(reader, qualified);
                if (inner != null) {
                    return inner;
                }
            }
            reader.endObject();
        } else if (token == JsonToken.BEGIN_ARRAY) {
            reader.beginArray();
            while (reader.hasNext()) {
                String inner = scan(reader, path);
                if (inner != null) {
                    return inner;
                }
            }
            reader.endArray();
        } else {
            reader.skipValue();
        }
        return null;
    }
}
