package io.github.nitfiji;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.tim.TimConfig;
import io.github.nitfiji.model.tim.TimTransformer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The TiM-C2I reference cases from the official code (golden/tim, see its README): the tiny
 * model, its cases, and conversions from the official [B, C, h, w] layout to the project's
 * [B*h*w, C] token layout.
 */
public final class TimGolden {
    public static final String WEIGHTS = "tim/tim_c2i_tiny.safetensors";
    public static final String CASES = "tim/tim_c2i_cases.safetensors";

    private TimGolden() {
    }

    public static Path weights() {
        return TestFiles.golden(WEIGHTS);
    }

    /** tim.json. */
    public static JsonObject index() {
        return Golden.json("tim/tim.json");
    }

    public static JsonArray cases(String kind) {
        return index().getAsJsonArray(kind);
    }

    public static float[] tensor(String name) {
        return Golden.tensor(CASES, name);
    }

    /** The tiny model on the CPU; the caller closes it. */
    public static TimTransformer model(DataType precision, AttentionKind attention) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(weights())) {
            return TimTransformer.load(TimConfig.fromWeights(f), new SafetensorsWeights(f), Device.cpu(), precision,
                    attention, message -> {
                        throw new AssertionError(message);
                    });
        }
    }
    /** The tiny golden TiM-C2I in float32 with its blocks' matrix products in bfloat16; the caller closes it. */
    public static TimTransformer bf16Model() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(weights())) {
            return TimTransformer.load(TimConfig.fromWeights(f), new SafetensorsWeights(f), Device.cpu(),
                    DataType.FLOAT32, true, AttentionKind.FUSED, message -> {
                        throw new AssertionError(message);
                    });
        }
    }


    /** [lead, C, h, w] (any number of leading images) to tokens [lead*h*w, C], row-major. */
    public static float[] toTokens(float[] nchw, int channels, int h, int w) {
        int plane = h * w;
        int images = nchw.length / (channels * plane);
        float[] out = new float[nchw.length];
        for (int b = 0; b < images; b++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    out[(b * plane + p) * channels + c] = nchw[(b * channels + c) * plane + p];
                }
            }
        }
        return out;
    }

    public static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).getAsDouble();
        }
        return d;
    }

    public static int[] ints(JsonArray a) {
        int[] d = new int[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).getAsInt();
        }
        return d;
    }
}
