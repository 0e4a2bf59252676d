package io.github.nitfiji.model.nit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.transformer.Rope2d;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transformer against the official implementation's outputs on the tiny golden model. */
class NitGoldenTest {
    private static final String CASES = "nit_tiny_cases.safetensors";
    private static NitTransformer fp32;
    private static NitTransformer fromBf16;
    private static NitTransformer fp16;
    private static NitTransformer fused;

    @BeforeAll
    static void load() throws Exception {
        fp32 = Golden.nit(Golden.NIT_WEIGHTS, DataType.FLOAT32);
        fromBf16 = Golden.nit("nit_tiny_bf16.safetensors", DataType.FLOAT32);
        fp16 = Golden.nit(Golden.NIT_WEIGHTS, DataType.FLOAT16);
        fused = Golden.nit(DataType.FLOAT32, AttentionKind.FUSED);
    }

    @AfterAll
    static void close() {
        fp32.close();
        fromBf16.close();
        fp16.close();
        fused.close();
    }

    @Test
    void fusedAttentionModuleWrittenByUsMatchesGoldenAndEager() {
        assertEquals(AttentionKind.FUSED, fused.attention());
        for (JsonElement e : Golden.index().getAsJsonArray("forward_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            float[] out = run(fused, c);
            double err = Golden.relativeError(out, Golden.tensor(CASES, "fwd." + name + ".out"));
            assertTrue(err < 1e-5, name + " (fused) relative error " + err);
            assertTrue(Golden.relativeError(out, run(fp32, c)) < 1e-6, name + " fused vs eager");
        }
    }

    @Test
    void everyForwardCaseMatchesWithin1e5() {
        for (JsonElement e : Golden.index().getAsJsonArray("forward_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            float[] out = run(fp32, c);
            double err = Golden.relativeError(out, Golden.tensor(CASES, "fwd." + name + ".out"));
            assertTrue(err < 1e-5, name + " relative error " + err);
        }
    }

    @Test
    void bf16WeightsMatchTheirReference() {
        for (JsonElement e : Golden.index().getAsJsonArray("forward_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            double err = Golden.relativeError(run(fromBf16, c), Golden.tensor(CASES, "fwd." + name + ".out_bf16weights"));
            assertTrue(err < 1e-5, name + " (bf16 weights) relative error " + err);
        }
    }

    @Test
    void fp16StaysWithin1e2OfFp32() {
        for (JsonElement e : Golden.index().getAsJsonArray("forward_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            double err = Golden.relativeError(run(fp16, c), run(fp32, c));
            assertTrue(err < 1e-2, name + " fp16 vs fp32 relative error " + err);
        }
    }

    @Test
    void timestepEmbeddingMatches() {
        float[] t = Golden.tensor(CASES, "inter.t_embed.t");
        double[] td = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            td[i] = t[i];
        }
        try (NDManager m = fp32.newManager()) {
            float[] out = fp32.timestepEmbedding(td, m).toFloatArray();
            double err = Golden.relativeError(out, Golden.tensor(CASES, "inter.t_embed.out"));
            assertTrue(err < 1e-5, "t-embedding relative error " + err);
        }
    }

    @Test
    void ropeTableHasTheTrainedPositionQuirk() {
        float[][] table = Rope2d.table(3, 5, fp32.config().headDim());
        assertTrue(Golden.relativeError(table[0], Golden.tensor(CASES, "inter.rope_3x5.cos")) < 1e-6);
        assertTrue(Golden.relativeError(table[1], Golden.tensor(CASES, "inter.rope_3x5.sin")) < 1e-6);
    }

    @Test
    void packedImagesAttendOnlyToThemselves() {
        JsonObject packed = null;
        for (JsonElement e : Golden.index().getAsJsonArray("forward_cases")) {
            if (e.getAsJsonObject().get("name").getAsString().equals("packed_3x5_2x2")) {
                packed = e.getAsJsonObject();
            }
        }
        float[] x = Golden.tensor(CASES, "fwd.packed_3x5_2x2.x");
        float[] together = run(fp32, packed);
        try (NDManager m = fp32.newManager()) {
            float[] first = java.util.Arrays.copyOfRange(x, 0, 15 * 32);
            float[] alone = fp32.forward(m.create(first, new Shape(15, 32)), List.of(new LatentSize(3, 5)),
                    new double[] {0.9}, new int[] {1}).toFloatArray();
            assertTrue(Golden.relativeError(java.util.Arrays.copyOfRange(together, 0, 15 * 32), alone) < 1e-6);
        }
    }

    static float[] run(NitTransformer model, JsonObject c) {
        String name = c.get("name").getAsString();
        List<LatentSize> sizes = new ArrayList<>();
        for (JsonElement hw : c.getAsJsonArray("hw")) {
            JsonArray a = hw.getAsJsonArray();
            sizes.add(new LatentSize(a.get(0).getAsInt(), a.get(1).getAsInt()));
        }
        JsonArray ts = c.getAsJsonArray("t");
        JsonArray ys = c.getAsJsonArray("y");
        double[] t = new double[ts.size()];
        int[] y = new int[ys.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = ts.get(i).getAsDouble();
            y[i] = ys.get(i).getAsInt();
        }
        float[] x = Golden.tensor(CASES, "fwd." + name + ".x");
        try (NDManager m = model.newManager()) {
            NDArray in = m.create(x, new Shape(x.length / 32, 32));
            return model.forward(in, sizes, t, y).toFloatArray();
        }
    }
}
