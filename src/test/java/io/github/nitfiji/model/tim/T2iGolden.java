package io.github.nitfiji.model.tim;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import java.io.IOException;

/** The TiM-T2I reference cases from the official code (golden/tim_t2i, see its README). */
public final class T2iGolden {
    public static final String WEIGHTS = "tim_t2i/tim_t2i_tiny.safetensors";
    public static final String CASES = "tim_t2i/tim_t2i_cases.safetensors";

    private T2iGolden() {
    }

    public static JsonObject index() {
        return Golden.json("tim_t2i/tim_t2i.json");
    }

    public static JsonArray cases(String kind) {
        return index().getAsJsonArray(kind);
    }

    public static float[] tensor(String name) {
        return Golden.tensor(CASES, name);
    }

    /** Shape of a case tensor as the json lists it. */
    public static long[] shape(String name) {
        JsonArray a = index().getAsJsonObject("tensors").getAsJsonObject(name).getAsJsonArray("shape");
        long[] s = new long[a.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.get(i).getAsLong();
        }
        return s;
    }

    /** The tiny model on the CPU; the caller closes it. */
    public static TimT2iTransformer model(DataType precision, AttentionKind attention) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(WEIGHTS))) {
            return TimT2iTransformer.load(TimT2iConfig.fromWeights(f), new SafetensorsWeights(f), Device.cpu(),
                    precision, attention, message -> {
                        throw new AssertionError(message);
                    });
        }
    }
}
