package io.github.nitfiji;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.io.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** The golden reference cases produced by the official implementations. */
public final class Golden {
    private Golden() {
    }

    /** golden.json: case parameters. */
    public static JsonObject index() {
        try {
            return JsonParser.parseString(new String(Files.readAllBytes(TestFiles.golden("golden.json")),
                    StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] tensor(String file, String name) {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(file))) {
            return f.readFloats(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ||a - b|| / ||b||, accumulated in double. */
    public static double relativeError(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " vs reference " + b.length);
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }
}
