package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.Golden;
import io.github.nitfiji.io.SafetensorsFile;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TiledDecoderTest {
    private static final long UNLIMITED = Long.MAX_VALUE;

    private static DcAeDecoder decoder;

    @BeforeAll
    static void load() throws Exception {
        decoder = Golden.tinyDecoder(DataType.FLOAT32);
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    /**
     * With a purely local stand-in decoder (nearest upsampling of 3 latent channels) every tile
     * reproduces the untiled pixels, so the tiling and blending must be exact up to float rounding.
     */
    @Test
    void blendingIsExactForALocalDecoder() {
        BiFunction<NDArray, NDManager, NDArray> local = (z, m) -> {
            NDArray rgb = z.get(new NDIndex(":, 0:3")).repeat(2, 32).repeat(3, 32);
            rgb.attach(m);
            return rgb;
        };
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = latent(m, 2, 13, 21, 1);
            TiledDecoder tiled = new TiledDecoder(decoder.config(), local, 6, 2, UNLIMITED);
            double err = Golden.relativeError(tiled.decodeTiled(z, m), local.apply(z, m));
            assertTrue(err < 1e-6, "relative error " + err);
        }
    }

    /**
     * A DC-AE is not local, so tiles cannot reproduce the whole exactly: convolutions see zero
     * padding at tile edges (the tiny decoder's receptive field is about 6 latent pixels in
     * radius) and EfficientViT attention averages over its tile only. To test the tiling of the
     * real network against a meaningful bar, the attention outputs ({@code to_out}) are zeroed,
     * leaving the convolutional part, on a 24 x 40 latent in 2 x 3 tiles of 20 with 8 pixels of
     * overlap: measured relative error 1.3e-2, bar 3e-2. (Random weights amplify edge effects; a
     * trained DC-AE is smoother, and diffusers tiles it the same way: 1024-pixel tiles, 128 overlap.)
     */
    @Test
    void tiledMatchesUntiledForTheConvolutionalPartOfTheTinyModel() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights();
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Map<String, NDArray> arrays = new HashMap<>();
            for (String key : weights.tensors().keySet()) {
                NDArray a = weights.load(key, m, DataType.FLOAT32);
                arrays.put(key, key.endsWith(".attn.to_out.weight") ? a.zerosLike() : a);
            }
            try (DcAeDecoder local = DcAeDecoder.fromArrays(decoder.config(), arrays, Device.cpu(), DataType.FLOAT32)) {
                NDArray z = latent(m, 1, 24, 40, 2);
                NDArray whole = local.decode(z, m);
                NDArray tiled = new TiledDecoder(local, 20, 8, UNLIMITED).decodeTiled(z, m);
                assertEquals(whole.getShape(), tiled.getShape());
                double err = Golden.relativeError(tiled, whole);
                System.out.printf("tiled (20, overlap 8) vs untiled 24x40, attention off: relative error %.2e%n", err);
                assertTrue(err < 3e-2, "relative error " + err);
            }
        }
    }

    /**
     * With its attention the random tiny model depends strongly on the whole map: the same tiling
     * differs by about 0.3 (relative). Only a sanity bar here: a misplaced or unnormalised tile
     * gives about 1.4 (two unrelated images of equal energy).
     */
    @Test
    void fullTinyModelTilesStayCorrelated() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = latent(m, 1, 24, 40, 2);
            NDArray whole = decoder.decode(z, m);
            NDArray tiled = new TiledDecoder(decoder, 20, 8, UNLIMITED).decodeTiled(z, m);
            double err = Golden.relativeError(tiled, whole);
            System.out.printf("tiled (20, overlap 8) vs untiled 24x40, full tiny model: relative error %.2e%n", err);
            assertTrue(err < 0.6, "relative error " + err);
        }
    }

    @Test
    void tilesOnlyWhenTheUntiledEstimateExceedsTheBudget() {
        DcAeConfig config = decoder.config();
        long whole = DecodeMemoryEstimate.activationBytes(config, 1, 12, 20);
        TiledDecoder roomy = new TiledDecoder(decoder, 8, 3, whole);
        TiledDecoder tight = new TiledDecoder(decoder, 8, 3, whole - 1);
        assertFalse(roomy.needsTiling(new Shape(1, 32, 12, 20)));
        assertTrue(tight.needsTiling(new Shape(1, 32, 12, 20)));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> roomy.needsTiling(new Shape(1, 16, 12, 20)));
        assertTrue(e.getMessage().contains("16 channels"), e.getMessage());
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = latent(m, 1, 12, 20, 3);
            assertEquals(0, Golden.relativeError(roomy.decode(z, m), decoder.decode(z, m)));
        }
        long fourTiles = DecodeMemoryEstimate.activationBytes(config, 1, 4, 4);
        assertEquals(4, new TiledDecoder(decoder, 8, 3, fourTiles).tileWithinBudget(1));
    }

    private static NDArray latent(NDManager m, int batch, int h, int w, long seed) {
        Random random = new Random(seed);
        float[] values = new float[batch * 32 * h * w];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return m.create(values, new Shape(batch, 32, h, w));
    }
}
