package io.github.nitfiji.model.dcae;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Decode speed of the real DC-AE f32c32 (sana-1.1) architecture with seeded random weights (no
 * checkpoint needed): milliseconds per megapixel, best of a few runs per size.
 *
 * <p>usage: {@code DecodeBench [device cpu|gpu] [precision FLOAT32|FLOAT16] [runs] [sizes...]},
 * default {@code cpu FLOAT32 2 512 1024}.
 */
public final class DecodeBench {
    /** mit-han-lab/dc-ae-f32c32-sana-1.1-diffusers config.json (fields that shape the network). */
    static final String SANA_1_1 = "{\"attention_head_dim\": 32, \"decoder_act_fns\": \"silu\","
            + " \"decoder_block_out_channels\": [128, 256, 512, 512, 1024, 1024],"
            + " \"decoder_block_types\": [\"ResBlock\", \"ResBlock\", \"ResBlock\", \"EfficientViTBlock\","
            + " \"EfficientViTBlock\", \"EfficientViTBlock\"], \"decoder_layers_per_block\": [3, 3, 3, 3, 3, 3],"
            + " \"decoder_norm_types\": \"rms_norm\", \"decoder_qkv_multiscales\": [[], [], [], [5], [5], [5]],"
            + " \"downsample_block_type\": \"Conv\", \"encoder_block_out_channels\": [128, 256, 512, 512, 1024, 1024],"
            + " \"encoder_block_types\": [\"ResBlock\", \"ResBlock\", \"ResBlock\", \"EfficientViTBlock\","
            + " \"EfficientViTBlock\", \"EfficientViTBlock\"], \"encoder_layers_per_block\": [2, 2, 2, 3, 3, 3],"
            + " \"encoder_qkv_multiscales\": [[], [], [], [5], [5], [5]], \"in_channels\": 3, \"latent_channels\": 32,"
            + " \"scaling_factor\": 0.41407, \"upsample_block_type\": \"interpolate\"}";

    private DecodeBench() {
    }

    public static void main(String[] args) {
        Device device = args.length > 0 && args[0].equals("gpu") ? Device.gpu() : Device.cpu();
        DataType precision = args.length > 1 ? DataType.valueOf(args[1]) : DataType.FLOAT32;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int[] sizes = {512, 1024};
        if (args.length > 3) {
            sizes = new int[args.length - 3];
            for (int i = 3; i < args.length; i++) {
                sizes[i - 3] = Integer.parseInt(args[i]);
            }
        }
        DcAeConfig config = DcAeConfig.fromJson(SANA_1_1);
        int f = config.spatialCompression();
        System.out.printf("DC-AE f32c32 decoder, random weights, %s %s, %d cores, PyTorch %s, %d intra-op threads%n",
                device, precision, Runtime.getRuntime().availableProcessors(), Engine.getEngine("PyTorch").getVersion(),
                ai.djl.pytorch.jni.JniUtils.getNumThreads());
        long t0 = System.nanoTime();
        try (DcAeDecoder decoder = DcAeDecoder.random(config, device, precision, 42);
             NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            System.out.printf("built in %.1f s (%d parameters)%n", (System.nanoTime() - t0) / 1e9,
                    DecoderParameters.count(config));
            decoder.decode(latent(m, 8, 8), m).close();
            for (int size : sizes) {
                NDArray z = latent(m, size / f, size / f);
                double best = Double.MAX_VALUE;
                for (int r = 0; r < runs; r++) {
                    long start = System.nanoTime();
                    try (NDArray image = decoder.decode(z, m)) {
                        image.toFloatArray();
                    }
                    double ms = (System.nanoTime() - start) / 1e6;
                    best = Math.min(best, ms);
                    System.out.printf("  %dx%d run %d: %.0f ms%n", size, size, r + 1, ms);
                }
                double megapixels = (double) size * size / 1e6;
                System.out.printf("%dx%d: best %.0f ms = %.0f ms per megapixel%n", size, size, best, best / megapixels);
            }
        }
    }

    private static NDArray latent(NDManager m, int h, int w) {
        Random random = new Random(h * 31L + w);
        float[] values = new float[32 * h * w];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return m.create(values, new Shape(1, 32, h, w));
    }
}
