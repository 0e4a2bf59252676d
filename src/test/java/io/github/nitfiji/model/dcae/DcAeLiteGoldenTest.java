package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DC-AE-Lite's layout (ResBlocks only, pixel-shuffle up-sampling, no blocks at full size, SiLU
 * before an up-sampling output conv) against diffusers' AutoencoderDC in float64
 * ({@code golden/dcae_lite}, made by {@code src/tools/dcae_lite_golden.py}).
 */
class DcAeLiteGoldenTest {
    /** The bar for a DC-AE-Lite decode in FP32; never loosen it. */
    static final double DECODE_TOLERANCE = 1e-5;
    static final String WEIGHTS = "dcae_lite/dcae_lite_tiny.safetensors";
    static final String CASES = "dcae_lite/dcae_lite_tiny_cases.safetensors";

    private static DcAeConfig config;
    private static DcAeDecoder decoder;

    @BeforeAll
    static void load() throws IOException {
        decoder = lite(DataType.FLOAT32);
        config = decoder.config();
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    static DcAeDecoder lite(DataType precision) throws IOException {
        try (SafetensorsFile weights = SafetensorsFile.open(TestFiles.golden(WEIGHTS))) {
            return DcAeDecoder.load(DcAeConfig.fromWeights(weights), weights, Device.cpu(), precision);
        }
    }

    static NDArray liteCase(String name, NDManager m) {
        try (SafetensorsFile cases = SafetensorsFile.open(TestFiles.golden(CASES))) {
            return cases.load(name, m, DataType.FLOAT32).expandDims(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsTheLiteLayout() {
        assertEquals(DcAeConfig.Upsampling.PIXEL_SHUFFLE, config.upsampling());
        assertEquals(DcAeConfig.OutputActivation.SILU, config.outputActivation());
        assertFalse(config.decoderHasFullSizeStage());
        assertEquals(32, config.spatialCompression());
        assertEquals("norm_out + conv_out (up-sampling)", DcAeDecoder.stepParts(config).get(
                DcAeDecoder.stepParts(config).size() - 1));
    }

    /** Non-square and 1 x N latents: layout bugs in the pixel shuffles show there first. */
    @ParameterizedTest
    @ValueSource(strings = {"dec.2x3", "dec.1x4", "dec.3x1"})
    void decodesLikeDiffusers(String name) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = liteCase(name + ".z", m);
            NDArray image = decoder.decode(z, m);
            Shape zs = z.getShape();
            assertEquals(new Shape(1, 3, 32 * zs.get(2), 32 * zs.get(3)), image.getShape());
            double err = Golden.relativeError(image, liteCase(name + ".img", m));
            System.out.printf("DC-AE-Lite %s relative error %.2e%n", name, err);
            assertTrue(err < DECODE_TOLERANCE, name + " relative error " + err);
        }
    }

    /** The step-by-step profile runs the very same steps. */
    @Test
    void profiledDecodeIsTheDecodeWithOneTimePerPart() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = liteCase("dec.2x3.z", m);
            java.util.List<Double> steps = new java.util.ArrayList<>();
            NDArray image = decoder.decodeProfiled(z, m, steps::add);
            assertEquals(DcAeDecoder.stepParts(config).size(), steps.size());
            assertEquals(0, Golden.relativeError(image, decoder.decode(z, m)), 0);
        }
    }

    /** The SANA encoder is part of the same file and of the same golden run. */
    @Test
    void encodesLikeDiffusers() throws IOException {
        try (SafetensorsFile weights = SafetensorsFile.open(TestFiles.golden(WEIGHTS));
             DcAeEncoder encoder = DcAeEncoder.load(config, weights, Device.cpu(), DataType.FLOAT32);
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = encoder.encode(liteCase("enc.64x96.img", m), m);
            double err = Golden.relativeError(z, liteCase("enc.64x96.z", m));
            System.out.printf("DC-AE-Lite encoder relative error %.2e%n", err);
            assertTrue(err < DcAeDecoderTest.TOLERANCE, "encoder relative error " + err);
        }
    }

    /** bfloat16 dense convolutions: within the reduced-precision bar of FP32. */
    @Test
    void bfloat16ConvolutionsStayCloseToFloat32() throws IOException {
        try (SafetensorsFile weights = SafetensorsFile.open(TestFiles.golden(WEIGHTS));
             DcAeDecoder bf16 = DcAeDecoder.load(config, weights, Device.cpu(), DataType.FLOAT32, true);
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = liteCase("dec.2x3.z", m);
            double err = Golden.relativeError(bf16.decode(z, m), decoder.decode(z, m));
            System.out.printf("DC-AE-Lite bfloat16 convolutions vs float32 relative error %.2e%n", err);
            assertTrue(err > 0 && err < 1e-2, "bfloat16 relative error " + err);
        }
    }

    /** Half precision convolutions, float32 norms: within the FP16 bar of FP32. */
    @Test
    void float16StaysCloseToFloat32() throws IOException {
        try (DcAeDecoder half = lite(DataType.FLOAT16);
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray z = liteCase("dec.2x3.z", m);
            double err = Golden.relativeError(half.decode(z, m), decoder.decode(z, m));
            System.out.printf("DC-AE-Lite float16 vs float32 relative error %.2e%n", err);
            assertTrue(err < 1e-2, "float16 relative error " + err);
        }
    }
}
