package io.github.nitfiji.model.gemma;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiny Gemma-3 against HF transformers (gemma.* in the TiM-T2I goldens): RoPE tables, every
 * layer of one sequence, the FlashAttention-2 pad state, batches and TiM's slices, within 1e-5.
 */
class GemmaGoldenTest {
    private static final String CASES = GemmaGolden.CASES;
    private static final double TOLERANCE = 1e-5;
    private static final int HIDDEN = 64;
    private static final int S = 12;
    private static GemmaTextEncoder encoder;
    private static NDManager manager;

    @BeforeAll
    static void load() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(GemmaGolden.GEMMA))) {
            encoder = GemmaTextEncoder.load(GemmaConfig.fromWeights(f), new SafetensorsWeights(f), Device.cpu(),
                    DataType.FLOAT32);
        }
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        encoder.close();
        manager.close();
    }

    @Test
    void configMatchesTheGoldenModel() {
        GemmaConfig c = encoder.config();
        assertEquals(8.0f, c.embedScale());
        for (int i = 0; i < c.layers; i++) {
            assertEquals(i == 5, c.isGlobal(i), "layer " + i);
        }
        assertEquals(1e6, c.globalRopeBase);
        assertEquals(1e4, c.localRopeBase);
    }

    @Test
    void ropeTablesMatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] local = GemmaOps.ropeTables(m, S, 32, 1e4);
            NDArray[] global = GemmaOps.ropeTables(m, S, 32, 1e6);
            assertClose("rope.local.cos", local[0].toFloatArray(), "gemma.rope.local.cos", 1e-6);
            assertClose("rope.local.sin", local[1].toFloatArray(), "gemma.rope.local.sin", 1e-6);
            assertClose("rope.global.cos", global[0].toFloatArray(), "gemma.rope.global.cos", 1e-6);
            assertClose("rope.global.sin", global[1].toFloatArray(), "gemma.rope.global.sin", 1e-6);
        }
    }

    /** Second sequence of the batch (5 real tokens): real rows layer by layer, pad rows the FA2 trajectory. */
    @Test
    void everyLayerOfOneSequence() {
        int[] ids = Arrays.copyOfRange(batchIds()[1], 0, 5);
        float[] eager = Golden.tensor(CASES, "gemma.batch.seq1.hidden_states");
        float[] fa2 = Golden.tensor(CASES, "gemma.batch.seq1.hidden_states_fa2");
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<NDArray> layers = encoder.layerOutputs(ids);
            List<NDArray> pad = encoder.padTrajectory();
            assertEquals(8, layers.size());
            for (int i = 0; i < layers.size(); i++) {
                int at = i * S * HIDDEN;
                float[] real = Arrays.copyOfRange(eager, at, at + 5 * HIDDEN);
                assertClose("layer output " + i, layers.get(i).toFloatArray(), real, TOLERANCE);
                assertArrayEquals(real, Arrays.copyOfRange(fa2, at, at + 5 * HIDDEN), "real rows: eager = FA2");
                float[] padRow = pad.get(i).toFloatArray();
                for (int row = 5; row < S; row++) {
                    int r = at + row * HIDDEN;
                    assertClose("pad row " + row + " after layer " + i, padRow,
                            Arrays.copyOfRange(fa2, r, r + HIDDEN), TOLERANCE);
                }
            }
        }
    }

    @Test
    void batchWithPaddingFollowsFlashAttention2() {
        int[][] ids = batchIds();
        List<int[]> captions = List.of(ids[0], Arrays.copyOf(ids[1], 5));
        try (NDArray y = encoder.captions(captions, S, manager)) {
            assertArrayEquals(new long[] {2, S, HIDDEN}, y.getShape().getShape());
            assertClose("batch FA2", y.toFloatArray(), "gemma.batch.last_hidden_state_fa2", TOLERANCE);
            float[] eager = Golden.tensor(CASES, "gemma.batch.last_hidden_state");
            assertTrue(Golden.relativeError(y.toFloatArray(), eager) > 0.1,
                    "pad rows must differ from HF's eager masking");
        }
    }

    @Test
    void nullCaptionIsBosThenThePadState() {
        assertClose("pad_state", encoder.padState(), "gemma.null.pad_state", TOLERANCE);
        try (NDArray y = encoder.captions(List.of(new int[] {2}), S, manager)) {
            assertClose("null FA2", y.toFloatArray(), "gemma.null.last_hidden_state_fa2", TOLERANCE);
            assertClose("bos_state", Arrays.copyOf(y.toFloatArray(), HIDDEN), "gemma.null.bos_state", TOLERANCE);
        }
    }

    @Test
    void timSlicesMatch() {
        int[][] ids = batchIds();
        try (NDArray y = encoder.captions(List.of(ids[0], Arrays.copyOf(ids[1], 5)), 12, manager);
             NDArray yNull = encoder.captions(List.of(new int[] {2}, new int[] {2}), 12, manager);
             NDArray y1 = encoder.captions(List.of(Arrays.copyOf(ids[1], 5)), 5, manager);
             NDArray yNull1 = encoder.captions(List.of(new int[] {2}), 5, manager)) {
            assertClose("slice.y", y.toFloatArray(), "gemma.slice.y", TOLERANCE);
            assertClose("slice.y_null", yNull.toFloatArray(), "gemma.slice.y_null", TOLERANCE);
            assertClose("slice1.y", y1.toFloatArray(), "gemma.slice1.y", TOLERANCE);
            assertClose("slice1.y_null", yNull1.toFloatArray(), "gemma.slice1.y_null", TOLERANCE);
        }
    }

    /** Weights held in FP16 (half the memory), activations float32: within FP16's weight rounding. */
    @Test
    void halfPrecisionWeightsStayClose() throws Exception {
        int[][] ids = batchIds();
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(GemmaGolden.GEMMA));
             GemmaTextEncoder half = GemmaTextEncoder.load(GemmaConfig.fromWeights(f), new SafetensorsWeights(f),
                     Device.cpu(), DataType.FLOAT16);
             NDArray y = half.captions(List.of(ids[0], Arrays.copyOf(ids[1], 5)), S, manager)) {
            double error = Golden.relativeError(y.toFloatArray(),
                    Golden.tensor(CASES, "gemma.batch.last_hidden_state_fa2"));
            assertTrue(error < 5e-3 && error > 0, "FP16 weights: relative error " + error);
        }
    }

    @Test
    void idsOutsideTheVocabularyAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(new int[] {2, 512}, manager));
        assertTrue(e.getMessage().contains("outside the vocabulary of 512"), e.getMessage());
    }

    private static int[][] batchIds() {
        float[] flat = Golden.tensor(CASES, "gemma.batch.ids");
        int[][] out = new int[2][S];
        for (int i = 0; i < flat.length; i++) {
            out[i / S][i % S] = Math.round(flat[i]);
        }
        return out;
    }

    private static void assertClose(String what, float[] actual, String golden, double tolerance) {
        assertClose(what, actual, Golden.tensor(CASES, golden), tolerance);
    }

    private static void assertClose(String what, float[] actual, float[] expected, double tolerance) {
        double error = Golden.relativeError(actual, expected);
        assertTrue(error <= tolerance, what + ": relative error " + error + " > " + tolerance);
    }
}
