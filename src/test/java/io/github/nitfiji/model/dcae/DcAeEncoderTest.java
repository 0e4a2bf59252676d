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
import org.junit.jupiter.api.Test;

class DcAeEncoderTest {
    @Test
    void matchesDiffusers() throws Exception {
        try (SafetensorsFile weights = Golden.dcaeWeights();
             DcAeEncoder encoder = DcAeEncoder.load(DcAeConfig.fromWeights(weights), weights, Device.cpu(),
                     DataType.FLOAT32);
             NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray image = Golden.dcaeCase("enc.64x96.img", m);
            NDArray expected = Golden.dcaeCase("enc.64x96.z", m);
            NDArray latent = encoder.encode(image, m);
            assertEquals(new Shape(1, 32, 2, 3), latent.getShape());
            double err = Golden.relativeError(latent, expected);
            System.out.printf("enc.64x96 relative error %.2e%n", err);
            assertTrue(err < DcAeDecoderTest.TOLERANCE, "relative error " + err);

            NDArray odd = m.zeros(new Shape(1, 3, 64, 90));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(odd, m));
            assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
        }
    }
}
