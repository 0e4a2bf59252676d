package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.github.nitfiji.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The folded up-sampling convolution against its definition, conv3x3(nearest x2(x)) as PyTorch
 * computes it, on shapes the goldens do not reach (odd and 1-pixel sides, batches, wide channels),
 * and the channels-last round trip.
 */
class UpsampledConvTest {
    private static final Shape ONE = new Shape(1, 1);

    @ParameterizedTest
    @CsvSource({"1, 16, 8, 5, 7", "2, 8, 16, 1, 1", "1, 64, 32, 3, 1", "3, 4, 4, 6, 2"})
    void equalsConvolutionOfTheNearestUpsampledMap(int batch, int in, int out, int h, int w) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            NDArray x = m.randomNormal(new Shape(batch, in, h, w));
            NDArray weight = m.randomNormal(0, 0.2f, new Shape(out, in, 3, 3), DataType.FLOAT32);
            NDArray bias = m.randomNormal(0, 0.2f, new Shape(out), DataType.FLOAT32);
            NDArray upsampled = x.getNDArrayInternal().interpolation(new long[] {2L * h, 2L * w}, 0, false);
            NDArray expected = Conv2d.conv2d(upsampled, weight, bias, ONE, ONE, ONE, 1).singletonOrThrow();

            NDArray actual = new UpsampledConv(UpsampledConv.fold(weight), bias.tile(4)).apply(x);

            assertEquals(expected.getShape(), actual.getShape());
            double err = Golden.relativeError(ChannelsLast.contiguous(actual), expected);
            assertTrue(err < 1e-6, "relative error " + err);
            assertEquals(0, ChannelsLast.copyOf(expected).sub(expected).abs().max().getFloat(),
                    "a channels-last copy holds the same values");
        }
    }
}
