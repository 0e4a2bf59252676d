package io.github.nitfiji.model.script;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.Golden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.NitTransformer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated TorchScript forward against the official outputs and against the eager engine. */
class ScriptedForwardGoldenTest {
    private static final String CASES = "nit_tiny_cases.safetensors";
    private static NitTransformer eager;
    private static NitTransformer scripted;
    private static NitTransformer scripted16;

    @BeforeAll
    static void load() throws Exception {
        eager = load(DataType.FLOAT32, false);
        scripted = load(DataType.FLOAT32, true);
        scripted16 = load(DataType.FLOAT16, true);
    }

    static NitTransformer load(DataType precision, boolean script) throws Exception {
        NitTransformer model = Golden.nit(Golden.NIT_WEIGHTS, precision);
        if (script) {
            assertTrue(ScriptedNitForward.install(model, message -> fail(message)));
        }
        return model;
    }

    @AfterAll
    static void close() {
        eager.close();
        scripted.close();
        scripted16.close();
    }

    @Test
    void everyForwardCaseMatchesTheGoldenWithin1e5() {
        for (JsonObject c : cases()) {
            String name = c.get("name").getAsString();
            float[] out = run(scripted, List.of(c));
            double err = Golden.relativeError(out, Golden.tensor(CASES, "fwd." + name + ".out"));
            assertTrue(err < 1e-5, name + " (scripted) relative error " + err);
            assertNotNull(scripted.groupForward(), "the scripted forward must still be in use after " + name);
            assertTrue(Golden.relativeError(out, run(eager, List.of(c))) < 1e-6, name + " scripted vs eager");
        }
    }

    @Test
    void packedGroupsOfDifferentSizesEachAttendOnlyToThemselves() {
        // 3x5, 3x5, 2x2: a group of two same-sized images, then another size
        List<JsonObject> packed = List.of(find("single_3x5_null"), find("packed_3x5_2x2"));
        float[] out = run(scripted, packed);
        float[] expected = concat(Golden.tensor(CASES, "fwd.single_3x5_null.out"),
                Golden.tensor(CASES, "fwd.packed_3x5_2x2.out"));
        double err = Golden.relativeError(out, expected);
        assertTrue(err < 1e-5, "packed 3x5 + 3x5 + 2x2 relative error " + err);
        float[] twice = run(scripted, List.of(find("single_4x4"), find("single_4x4")));
        float[] one = Golden.tensor(CASES, "fwd.single_4x4.out");
        assertTrue(Golden.relativeError(twice, concat(one, one)) < 1e-5, "4x4 twice in one group");
    }

    @Test
    void fp16StaysWithin1e2OfFp32() {
        for (JsonObject c : cases()) {
            String name = c.get("name").getAsString();
            double err = Golden.relativeError(run(scripted16, List.of(c)), run(eager, List.of(c)));
            assertTrue(err < 1e-2, name + " scripted fp16 vs fp32 relative error " + err);
        }
        assertNotNull(scripted16.groupForward(), "fp16 must run scripted, not fall back");
    }

    static List<JsonObject> cases() {
        List<JsonObject> all = new ArrayList<>();
        for (JsonElement e : Golden.index().getAsJsonArray("forward_cases")) {
            all.add(e.getAsJsonObject());
        }
        return all;
    }

    static JsonObject find(String name) {
        return cases().stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    /** Packs the images of all {@code cases}, in order, into one forward. */
    static float[] run(NitTransformer model, List<JsonObject> cases) {
        List<LatentSize> sizes = new ArrayList<>();
        List<Double> t = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        float[] x = new float[0];
        for (JsonObject c : cases) {
            for (JsonElement hw : c.getAsJsonArray("hw")) {
                JsonArray a = hw.getAsJsonArray();
                sizes.add(new LatentSize(a.get(0).getAsInt(), a.get(1).getAsInt()));
            }
            c.getAsJsonArray("t").forEach(v -> t.add(v.getAsDouble()));
            c.getAsJsonArray("y").forEach(v -> y.add(v.getAsInt()));
            x = concat(x, Golden.tensor(CASES, "fwd." + c.get("name").getAsString() + ".x"));
        }
        try (NDManager m = model.newManager()) {
            return model.forward(m.create(x, new Shape(x.length / 32, 32)), sizes,
                    t.stream().mapToDouble(Double::doubleValue).toArray(),
                    y.stream().mapToInt(Integer::intValue).toArray()).toFloatArray();
        }
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
