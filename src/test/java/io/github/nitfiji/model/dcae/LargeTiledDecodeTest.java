package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.Golden;
import io.github.nitfiji.io.SafetensorsFile;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A 4096 x 4096 image (128 x 128 latent) decodes in tiles within a 1 GB working-memory budget. The
 * memory half needs Linux's /proc; elsewhere the test reports itself skipped after the decode.
 */
class LargeTiledDecodeTest {
    private static final long BUDGET = 1L << 30;

    @Test
    void decodes4096SquareWithinBudget() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights();
             DcAeDecoder decoder = DcAeDecoder.load(DcAeConfig.fromWeights(weights), weights, Device.cpu(),
                     DataType.FLOAT32);
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            DcAeConfig config = decoder.config();
            long untiled = DecodeMemoryEstimate.activationBytes(config, 1, 128, 128);
            TiledDecoder tiled = new TiledDecoder(decoder, TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP,
                    BUDGET);
            Shape latentShape = new Shape(1, 32, 128, 128);
            assertTrue(tiled.needsTiling(latentShape), "untiled estimate " + untiled + " bytes is above the budget");

            Random random = new Random(7);
            float[] values = new float[(int) latentShape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            NDArray z = m.create(values, latentShape);
            boolean measure = ProcessMemory.available();
            long before = 0;
            if (measure) {
                ProcessMemory.resetPeak();
                before = ProcessMemory.residentBytes();
            }
            long start = System.nanoTime();
            NDArray image = tiled.decode(z, m);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(new Shape(1, 3, 4096, 4096), image.getShape());
            float[] pixels = image.toFloatArray();
            for (float p : pixels) {
                assertTrue(Float.isFinite(p));
            }
            long growth = measure ? ProcessMemory.peakBytes() - before : -1;
            System.out.printf("4096x4096 tiled decode (tiny model, tiles %d overlap %d): %.1f s, %s; untiled"
                    + " estimate %d MB%n", TiledDecoder.DEFAULT_TILE, TiledDecoder.DEFAULT_OVERLAP, seconds,
                    measure ? (growth >> 20) + " MB peak RSS growth" : "memory not measured", untiled >> 20);
            assumeTrue(measure, "the decode is checked, its memory is not: the peak resident size comes from"
                    + " Linux's /proc/self (status, clear_refs), which this system lacks");
            // The output alone is 192 MB as an NDArray plus 192 MB blended in Java; tiles must
            // keep the rest near one tile's estimate, far below the untiled estimate.
            assertTrue(growth < untiled / 3, "peak growth " + growth + " vs untiled estimate " + untiled);
        }
    }
}
