package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The decode half of the golden end-to-end case: sampled latent / scaling factor -> image -> bytes. */
class EndToEndDecodeTest {
    @Test
    void latentToImageAndBytes() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights();
             SafetensorsFile cases = SafetensorsFile.open(TestFiles.golden(Golden.DCAE_CASES));
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            DcAeConfig config = DcAeConfig.fromWeights(weights);
            try (DcAeDecoder decoder = DcAeDecoder.load(config, weights, Device.cpu(), DataType.FLOAT32)) {
                NDArray latent = Golden.dcaeCase("e2e.latent", m);
                NDArray scaled = latent.div((float) config.scalingFactor());
                NDArray image = decoder.decode(scaled, m);
                double err = Golden.relativeError(image, Golden.dcaeCase("e2e.image_f", m));
                System.out.printf("e2e decode relative error %.2e%n", err);
                assertTrue(err < DcAeDecoderTest.TOLERANCE, "relative error " + err);

                int h = 96;
                int w = 128;
                int[] rgb = DcAeImages.toRgb8(image.toFloatArray(), h, w);
                ByteBuffer expected = cases.map("e2e.image_u8_hwc");
                int worst = 0;
                for (int i = 0; i < h * w; i++) {
                    for (int c = 0; c < 3; c++) {
                        int got = rgb[i] >> (16 - 8 * c) & 0xff;
                        worst = Math.max(worst, Math.abs(got - (expected.get(3 * i + c) & 0xff)));
                    }
                }
                System.out.println("e2e max byte difference " + worst);
                assertTrue(worst <= 1, "a byte differs by " + worst);
            }
        }
    }
}
