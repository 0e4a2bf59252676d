package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.Golden;
import io.github.nitfiji.io.SafetensorsFile;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Encoding in tiles above the memory budget, with the tiny golden DC-AE encoder. */
class TiledEncoderTest {
    @Test
    void tilesAboveTheBudgetAndStaysCloseToTheWholeEncode() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights();
             DcAeEncoder encoder = DcAeEncoder.load(DcAeConfig.fromWeights(weights), weights, Device.cpu(),
                     DataType.FLOAT32);
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            DcAeConfig config = encoder.config();
            // a smooth image: tiling changes only what the tiles' borders and attention see
            NDArray y = m.arange(0f, 192f).reshape(1, 1, 192, 1).div(192f);
            NDArray x = m.arange(0f, 256f).reshape(1, 1, 1, 256).div(256f);
            NDArray image = y.add(x).broadcast(new Shape(1, 3, 192, 256)).mul(m.create(new float[] {0.9f, -0.5f, 0.3f})
                    .reshape(1, 3, 1, 1)).sin();
            NDArray whole = encoder.encode(image, m);

            AtomicInteger tiles = new AtomicInteger();
            long oneTile = TiledEncoder.activationBytes(config, 1, 4, 4);
            TiledEncoder tiled = new TiledEncoder(config, (part, scope) -> {
                tiles.incrementAndGet();
                assertEquals(new Shape(1, 3, 128, 128), part.getShape());
                return encoder.encode(part, scope);
            }, 4, 2, oneTile);
            assertTrue(tiled.needsTiling(image.getShape()));
            NDArray blended = tiled.encode(image, m);
            assertEquals(whole.getShape(), blended.getShape());
            assertEquals(6, tiles.get(), "6 x 8 latent pixels in 4 x 4 tiles overlapping by 2: 2 x 3 tiles");
            // the tiny model's weights are random and its attention is global, so a tile's context
            // matters a lot (1.8e-1 measured; its decoder counterpart allows 0.6): correlated, not equal
            double err = Golden.relativeError(blended, whole);
            System.out.printf("tiled encode relative error %.2e%n", err);
            assertTrue(err < 0.3, "relative error " + err);

            // a local encoder (each latent pixel from its own 32 x 32 block) shows the blending is exact
            java.util.function.BiFunction<NDArray, NDManager, NDArray> local = (part, scope) -> {
                Shape s = part.getShape();
                NDArray pooled = part.reshape(1, 3, s.get(2) / 32, 32, s.get(3) / 32, 32).mean(new int[] {5}).mean(new int[] {3});
                NDArray out = pooled.repeat(1, config.latentChannels() / 3 + 1)
                        .get(":, 0:" + config.latentChannels());
                out.attach(scope);
                return out;
            };
            NDArray exactWhole = local.apply(image, m);
            NDArray exactTiled = new TiledEncoder(config, local, 4, 2, oneTile).encodeTiled(image, m);
            assertTrue(Golden.relativeError(exactTiled, exactWhole) < 1e-6);

            TiledEncoder roomy = new TiledEncoder(encoder, 32, 4, 1L << 40);
            assertFalse(roomy.needsTiling(image.getShape()));
            assertEquals(0.0, Golden.relativeError(roomy.encode(image, m), whole), "untiled below the budget");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TiledEncoder(encoder, 4, 2, 1).encode(image, m));
            assertTrue(e.getMessage().contains("raise the memory budget"), e.getMessage());
        }
    }
}
