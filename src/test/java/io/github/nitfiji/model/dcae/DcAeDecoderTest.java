package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.Golden;
import io.github.nitfiji.io.SafetensorsFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DcAeDecoderTest {
    /** The bar for every golden comparison in float32; never loosen it. */
    static final double TOLERANCE = 1e-4;

    private static DcAeDecoder decoder;

    @BeforeAll
    static void load() throws Exception {
        decoder = Golden.tinyDecoder(DataType.FLOAT32);
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
            NDArray z = Golden.dcaeCase(name + ".z", m);
            NDArray expected = Golden.dcaeCase(name + ".img", m);
            NDArray image = decoder.decode(z, m);
            Shape zs = z.getShape();
            assertEquals(new Shape(1, 3, 32 * zs.get(2), 32 * zs.get(3)), image.getShape());
            assertEquals(DataType.FLOAT32, image.getDataType());
            double err = Golden.relativeError(image, expected);
            System.out.printf("%s relative error %.2e%n", name, err);
            assertTrue(err < TOLERANCE, name + " relative error " + err);
        }
    }

    /** Half-precision convolutions with float32 norms and attention stay close to the float32 decode. */
    @Test
    void float16StaysCloseToFloat32() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights();
             DcAeDecoder half = DcAeDecoder.load(decoder.config(), weights, Device.cpu(), DataType.FLOAT16);
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (String name : new String[] {"dec.6x7", "dec.1x1"}) {
                NDArray z = Golden.dcaeCase(name + ".z", m);
                NDArray full = decoder.decode(z, m);
                NDArray reduced = half.decode(z, m);
                assertEquals(DataType.FLOAT32, reduced.getDataType());
                double err = Golden.relativeError(reduced, full);
                System.out.printf("%s float16 vs float32 relative error %.2e%n", name, err);
                assertTrue(err < 1e-2, name + " float16 relative error " + err);
            }
        }
    }

    /**
     * bfloat16 dense convolutions (float32 weights, activations, norms and attention) stay within
     * the reduced-precision bar of the float32 decode, as FP16 does on a GPU.
     */
    @Test
    void bfloat16ConvolutionsStayCloseToFloat32() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights();
             DcAeDecoder bf16 = DcAeDecoder.load(decoder.config(), weights, Device.cpu(), DataType.FLOAT32, true);
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            assertTrue(bf16.bf16Convolutions());
            for (String name : new String[] {"dec.6x7", "dec.1x1"}) {
                NDArray z = Golden.dcaeCase(name + ".z", m);
                NDArray full = decoder.decode(z, m);
                NDArray reduced = bf16.decode(z, m);
                assertEquals(DataType.FLOAT32, reduced.getDataType());
                double err = Golden.relativeError(reduced, full);
                System.out.printf("%s bfloat16 convolutions vs float32 relative error %.2e%n", name, err);
                assertTrue(err > 0 && err < 1e-2, name + " bfloat16 relative error " + err);
            }
        }
    }

    @Test
    void rejectsLatentsWithOtherChannelCounts() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> decoder.decode(m.zeros(new Shape(1, 16, 2, 2)), m));
            assertTrue(e.getMessage().contains("16 channels") && e.getMessage().contains("expects 32"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(m.zeros(new Shape(32, 2, 2)), m));
            assertTrue(e.getMessage().contains("[batch, 32, height, width]"), e.getMessage());
        }
    }

    @Test
    void leavesTheInputAloneAndGivesTheResultToTheCallersManager() {
        try (NDManager callers = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = Golden.dcaeCase("dec.2x3.z", callers);
            float[] before = z.toFloatArray();
            NDArray image;
            try (NDManager results = callers.newSubManager()) {
                image = decoder.decode(z, results);
                assertTrue(image.getManager() == results);
            }
            assertTrue(image.isReleased(), "closing the result manager frees the image");
            assertTrue(!z.isReleased());
            org.junit.jupiter.api.Assertions.assertArrayEquals(before, z.toFloatArray());
        }
    }
}
