package io.github.nitfiji.fiji.ij;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Decodes latent tokens with a DC-AE as the pipeline does (divided by the scaling factor), in a
 * JVM of its own: the macro tests' ImageJ holds the PyTorch library in its own class loader, so
 * the test's class loader cannot load it a second time.
 *
 * <p>Arguments: decoder weights (config in its metadata), latent file (tensor 'latent' [h*w, C]),
 * h, w, output file (tensor 'planes' [3, 32h, 32w]).
 */
public final class DecodeLatentMain {
    private DecodeLatentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path weights = Paths.get(args[0]);
        int h = Integer.parseInt(args[2]);
        int w = Integer.parseInt(args[3]);
        try (SafetensorsFile decoderFile = SafetensorsFile.open(weights);
             SafetensorsFile latentFile = SafetensorsFile.open(Paths.get(args[1]))) {
            DcAeConfig config = DcAeConfig.fromWeights(decoderFile);
            float[] tokens = latentFile.readFloats("latent");
            try (DcAeDecoder decoder = DcAeDecoder.load(config, decoderFile, Device.cpu(), DataType.FLOAT32);
                 NDManager m = NDManager.newBaseManager(Device.cpu())) {
                NDArray z = m.create(tokens, new Shape(h, w, config.latentChannels())).transpose(2, 0, 1)
                        .expandDims(0).div(config.scalingFactor());
                float[] planes = decoder.decode(z).toFloatArray();
                new SafetensorsWriter().put("planes", new long[] {3, 32L * h, 32L * w}, planes)
                        .write(Paths.get(args[4]));
            }
        }
    }
}
