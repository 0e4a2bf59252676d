package io.github.nitfiji.model.tim;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.TimGolden;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.TorchCheckpoint;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.TorchCheckpointWeights;
import io.github.nitfiji.model.transformer.Rope2d;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TiM-T2I against the official model's float64 outputs on the tiny golden model (golden/tim_t2i). */
class TimT2iGoldenTest {
    private static TimT2iTransformer eager;
    private static TimT2iTransformer fused;

    @BeforeAll
    static void load() throws Exception {
        eager = T2iGolden.model(DataType.FLOAT32, AttentionKind.EAGER);
        fused = T2iGolden.model(DataType.FLOAT32, AttentionKind.FUSED);
    }

    @AfterAll
    static void close() {
        eager.close();
        fused.close();
    }

    @Test
    void everyForwardCaseMatchesWithin1e5() {
        int checked = 0;
        for (JsonElement e : T2iGolden.cases("forward_cases")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            float[] expected = expected(c);
            double plain = Golden.relativeError(run(eager, c, Trace.NONE), expected);
            double kernel = Golden.relativeError(run(fused, c, Trace.NONE), expected);
            assertTrue(plain < 1e-5, name + " relative L2 error " + plain);
            assertTrue(kernel < 1e-5, name + " (fused attention) relative L2 error " + kernel);
            checked++;
        }
        assertEquals(3, checked);
    }

    @Test
    void theBinCheckpointGivesTheSameForward() throws Exception {
        JsonObject square = forwardCase("square");
        try (SafetensorsFile st = SafetensorsFile.open(TestFiles.golden(T2iGolden.WEIGHTS));
             TorchCheckpoint bin = TorchCheckpoint.open(TestFiles.golden("tim_t2i/tim_t2i_tiny.bin"));
             TimT2iTransformer fromBin = TimT2iTransformer.load(TimT2iConfig.fromWeights(st),
                     new TorchCheckpointWeights(bin), Device.cpu(), DataType.FLOAT32, AttentionKind.EAGER, m -> { })) {
            assertArrayEquals(run(eager, square, Trace.NONE), run(fromBin, square, Trace.NONE));
        }
    }

    @Test
    void fp16StaysWithin1e2OfFp32() throws Exception {
        try (TimT2iTransformer fp16 = T2iGolden.model(DataType.FLOAT16, AttentionKind.FUSED)) {
            for (JsonElement e : T2iGolden.cases("forward_cases")) {
                JsonObject c = e.getAsJsonObject();
                double err = Golden.relativeError(run(fp16, c, Trace.NONE), run(eager, c, Trace.NONE));
                assertTrue(err < 1e-2, c.get("name") + " fp16 vs fp32 relative error " + err);
            }
        }
    }

    @Test
    void intermediatesOfTheNonSquareCaseMatch() {
        Map<String, float[]> seen = new HashMap<>();
        run(eager, forwardCase("nonsquare"),
                (name, value) -> seen.put(name, value.toType(DataType.FLOAT32, false).toFloatArray()));
        String[] names = {"t_embed", "delta_embed", "c", "y_embed", "x_embed", "block0.attn", "block0.cross_attn",
            "block0.mlp", "block0.out", "block1.out", "final"};
        for (String name : names) {
            double err = Golden.relativeError(seen.get(name), T2iGolden.tensor("inter." + name));
            assertTrue(err < 1e-5, name + " relative error " + err);
        }
        // the stored modulation has the "1 +" of its scale chunks (1, 4 and 7 of 9) folded in
        float[] ada = seen.get("block0.ada").clone();
        int chunk = ada.length / 9;
        for (int i = 0; i < chunk; i++) {
            ada[chunk + i] -= 1;
            ada[4 * chunk + i] -= 1;
            ada[7 * chunk + i] -= 1;
        }
        double err = Golden.relativeError(ada, T2iGolden.tensor("inter.block0.ada"));
        assertTrue(err < 1e-5, "block0.ada relative error " + err);
        float[][] rope = Rope2d.table(3, 5, eager.config().headDim());
        assertTrue(Golden.relativeError(rope[0], T2iGolden.tensor("inter.rope.cos")) < 1e-6);
        assertTrue(Golden.relativeError(rope[1], T2iGolden.tensor("inter.rope.sin")) < 1e-6);
    }

    @Test
    void captionRowsSelectEachImagesCaption() {
        // cfg_batch as the sampler runs it: captions [y, y_null] prepared once, images choose rows
        JsonObject c = forwardCase("cfg_batch");
        float[] both = run(eager, c, Trace.NONE);
        float[] swapped = runRows(eager, c, new int[] {1, 0});
        int half = both.length / 2;
        assertEquals(0.0, Golden.relativeError(java.util.Arrays.copyOfRange(swapped, 0, half),
                java.util.Arrays.copyOfRange(both, half, 2 * half)), 1e-6);
        assertTrue(Golden.relativeError(swapped, both) > 1e-3, "rows change the result");
    }

    private static JsonObject forwardCase(String name) {
        for (JsonElement e : T2iGolden.cases("forward_cases")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no forward case " + name);
    }

    private static float[] expected(JsonObject c) {
        String name = c.get("name").getAsString();
        return TimGolden.toTokens(T2iGolden.tensor("fwd." + name + ".out"), eager.config().inChannels,
                c.get("h").getAsInt(), c.get("w").getAsInt());
    }

    private static float[] run(TimT2iTransformer model, JsonObject c, Trace trace) {
        int images = c.get("B").getAsInt();
        int[] rows = new int[images];
        for (int i = 0; i < images; i++) {
            rows[i] = i;
        }
        return runRows(model, c, rows, trace);
    }

    private static float[] runRows(TimT2iTransformer model, JsonObject c, int[] rows) {
        return runRows(model, c, rows, Trace.NONE);
    }

    private static float[] runRows(TimT2iTransformer model, JsonObject c, int[] rows, Trace trace) {
        String name = c.get("name").getAsString();
        int h = c.get("h").getAsInt();
        int w = c.get("w").getAsInt();
        int channels = model.config().inChannels;
        float[] x = TimGolden.toTokens(T2iGolden.tensor("fwd." + name + ".x"), channels, h, w);
        double[] t = TimGolden.doubles(c.getAsJsonArray("t"));
        double[] r = TimGolden.doubles(c.getAsJsonArray("r"));
        try (NDManager m = model.newManager()) {
            NDArray y = m.create(T2iGolden.tensor("fwd." + name + ".y"), new Shape(T2iGolden.shape("fwd." + name + ".y")));
            try (CaptionContext captions = model.prepare(y, trace)) {
                return model.forward(m.create(x, new Shape(x.length / channels, channels)), new LatentSize(h, w), t, r,
                        captions, rows, trace).toFloatArray();
            }
        }
    }
}
