package io.github.nitfiji.model.tim;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.transformer.Rope2d;
import io.github.nitfiji.model.transformer.TimestepFeatures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TiM-C2I against the official model's float64 outputs on the tiny golden model (golden/tim). */
class TimGoldenTest {
    private static TimTransformer fp32;
    private static TimTransformer fused;
    private static TimTransformer fp16;

    @BeforeAll
    static void load() throws Exception {
        fp32 = TimGolden.model(DataType.FLOAT32, AttentionKind.EAGER);
        fused = TimGolden.model(DataType.FLOAT32, AttentionKind.FUSED);
        fp16 = TimGolden.model(DataType.FLOAT16, AttentionKind.FUSED);
    }

    @AfterAll
    static void close() {
        fp32.close();
        fused.close();
        fp16.close();
    }

    @Test
    void everyForwardCaseMatchesWithin1e5() {
        int checked = 0;
        for (JsonElement e : TimGolden.cases("forward_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            float[] expected = expected(c);
            double eager = Golden.relativeError(run(fp32, c, Trace.NONE), expected);
            double kernel = Golden.relativeError(run(fused, c, Trace.NONE), expected);
            assertTrue(eager < 1e-5, name + " relative L2 error " + eager);
            assertTrue(kernel < 1e-5, name + " (fused attention) relative L2 error " + kernel);
            checked++;
        }
        assertEquals(3, checked);
        assertEquals(AttentionKind.FUSED, fused.attention());
    }

    @Test
    void fp16StaysWithin1e2OfFp32() {
        for (JsonElement e : TimGolden.cases("forward_cases")) {
            JsonObject c = e.getAsJsonObject();
            double err = Golden.relativeError(run(fp16, c, Trace.NONE), run(fp32, c, Trace.NONE));
            assertTrue(err < 1e-2, c.get("name") + " fp16 vs fp32 relative error " + err);
        }
    }

    /** bfloat16 matrix products (float32 around them) within the reduced-precision bar, as FP16 on a GPU. */
    @Test
    void bf16MatmulsStayWithin1e2OfFp32() throws Exception {
        try (TimTransformer bf16 = TimGolden.bf16Model()) {
            assertTrue(bf16.bf16Matmuls());
            for (JsonElement e : TimGolden.cases("forward_cases")) {
                JsonObject c = e.getAsJsonObject();
                double err = Golden.relativeError(run(bf16, c, Trace.NONE), run(fp32, c, Trace.NONE));
                System.out.printf("%s bf16 matmuls vs fp32 relative error %.2e%n", c.get("name"), err);
                assertTrue(err > 0 && err < 1e-2, c.get("name") + " bf16 vs fp32 relative error " + err);
            }
        }
    }

    @Test
    void intermediatesOfTheNonSquareCaseMatch() {
        JsonObject nonsquare = null;
        for (JsonElement e : TimGolden.cases("forward_cases")) {
            if (e.getAsJsonObject().get("name").getAsString().equals("nonsquare")) {
                nonsquare = e.getAsJsonObject();
            }
        }
        Map<String, float[]> seen = new HashMap<>();
        run(fp32, nonsquare, (name, value) -> seen.put(name, value.toType(DataType.FLOAT32, false).toFloatArray()));
        String[] names = {"t_embed", "delta_embed", "label_embed", "c", "x_embed", "block0.attn", "block0.mlp",
            "block0.out", "block1.out", "final"};
        for (String name : names) {
            double err = Golden.relativeError(seen.get(name), TimGolden.tensor("inter." + name));
            assertTrue(err < 1e-5, name + " relative error " + err);
        }
        // the stored modulation has the "1 +" of its scale chunks (1 and 4 of 6) folded in
        float[] ada = seen.get("block0.ada").clone();
        int chunk = ada.length / 6;
        for (int i = 0; i < chunk; i++) {
            ada[chunk + i] -= 1;
            ada[4 * chunk + i] -= 1;
        }
        double err = Golden.relativeError(ada, TimGolden.tensor("inter.block0.ada"));
        assertTrue(err < 1e-5, "block0.ada relative error " + err);
    }

    @Test
    void timestepFeaturesOfTAndDeltaMatch() {
        double t = TimGolden.tensor("fwd.nonsquare.t")[0];
        double r = TimGolden.tensor("fwd.nonsquare.r")[0];
        assertTrue(Golden.relativeError(TimestepFeatures.of(new double[] {t}), TimGolden.tensor("inter.t_freq")) < 1e-6);
        assertTrue(Golden.relativeError(TimestepFeatures.of(new double[] {t - r}),
                TimGolden.tensor("inter.delta_freq")) < 1e-6);
    }

    @Test
    void ropeTableHasNitsPositionQuirk() {
        float[][] table = Rope2d.table(3, 5, fp32.config().headDim());
        assertTrue(Golden.relativeError(table[0], TimGolden.tensor("inter.rope.cos")) < 1e-6);
        assertTrue(Golden.relativeError(table[1], TimGolden.tensor("inter.rope.sin")) < 1e-6);
    }

    private static float[] expected(JsonObject c) {
        String name = c.get("name").getAsString();
        return TimGolden.toTokens(TimGolden.tensor("fwd." + name + ".out"), fp32.config().inChannels,
                c.get("h").getAsInt(), c.get("w").getAsInt());
    }

    private static float[] run(TimTransformer model, JsonObject c, Trace trace) {
        String name = c.get("name").getAsString();
        int h = c.get("h").getAsInt();
        int w = c.get("w").getAsInt();
        int channels = model.config().inChannels;
        float[] x = TimGolden.toTokens(TimGolden.tensor("fwd." + name + ".x"), channels, h, w);
        // t and r as the official model received them: float32 values
        double[] t = TimGolden.doubles(c.getAsJsonArray("t"));
        double[] r = TimGolden.doubles(c.getAsJsonArray("r"));
        int[] y = TimGolden.ints(c.getAsJsonArray("y"));
        try (NDManager m = model.newManager()) {
            return model.forward(m.create(x, new Shape(x.length / channels, channels)), new LatentSize(h, w), t, r, y,
                    trace).toFloatArray();
        }
    }
}
