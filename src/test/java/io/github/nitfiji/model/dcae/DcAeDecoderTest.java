package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.SafetensorsFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DcAeDecoderTest {
    /** The bar for every golden comparison in float32; never loosen it. */
    static final double TOLERANCE = 1e-4;

    private static DcAeDecoder decoder;

    @BeforeAll
    static void load() throws Exception {
        try (SafetensorsFile weights = Goldens.weights()) {
            decoder = DcAeDecoder.load(DcAeConfig.fromWeights(weights), weights, Device.cpu(), DataType.FLOAT32);
        }
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    /** 1x1 takes the quadratic attention path at every EfficientViT stage; the others mix both. */
    @ParameterizedTest
    @ValueSource(strings = {"dec.2x3", "dec.6x7", "dec.1x1"})
    void matchesDiffusers(String name) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = Goldens.batchOfOne(name + ".z", m);
            NDArray expected = Goldens.batchOfOne(name + ".img", m);
            NDArray image = decoder.decode(z, m);
            Shape zs = z.getShape();
            assertEquals(new Shape(1, 3, 32 * zs.get(2), 32 * zs.get(3)), image.getShape());
            assertEquals(DataType.FLOAT32, image.getDataType());
            double err = Goldens.relativeError(image, expected);
            System.out.printf("%s relative error %.2e%n", name, err);
            assertTrue(err < TOLERANCE, name + " relative error " + err);
        }
    }
}
