package io.github.nitfiji.model.dcae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

/** The multiply-add counter against counts done by hand on two-stage decoders. */
class DcAeFlopsTest {
    private static DcAeConfig twoStages(String decoderTypes, String layers, String scales, String upsampling) {
        return DcAeConfig.fromJson("{\"in_channels\": 3, \"latent_channels\": 4, \"attention_head_dim\": 4,"
                + " \"encoder_block_types\": [\"ResBlock\", \"ResBlock\"], \"decoder_block_types\": " + decoderTypes + ","
                + " \"encoder_block_out_channels\": [4, 8], \"decoder_block_out_channels\": [4, 8],"
                + " \"encoder_layers_per_block\": [1, 1], \"decoder_layers_per_block\": " + layers + ","
                + " \"encoder_qkv_multiscales\": [[], []], \"decoder_qkv_multiscales\": " + scales + ","
                + " \"upsample_block_type\": \"" + upsampling + "\", \"downsample_block_type\": \"Conv\"}");
    }

    @Test
    void sanaLayoutByHand() {
        DcAeConfig c = twoStages("[\"ResBlock\", \"EfficientViTBlock\"]", "[1, 1]", "[[], [5]]", "interpolate");
        // latent 1 x 2: stage 1 has 2 pixels, stage 0 8
        double convIn = 2 * 8 * 4 * 9;                        // 3x3, 4 -> 8
        double qkv = 3 * (2 * 8 * 8);                         // three 1x1, 8 -> 8
        double multiscale = 2 * 24 * 25 + 2 * 24 * 4;         // depthwise 5x5 on 24; 1x1 in groups of 4
        double attention = 4 * (2 * 2 * 2 * 4);               // 4 heads of 4, 2 pixels <= 4: k^T q, v scores
        double toOut = 2 * 8 * 16;                            // 1x1, 16 -> 8
        double glumb = 2 * 64 * 8 + 2 * 64 * 9 + 2 * 8 * 32;  // 8 -> 64, depthwise 3x3, 32 -> 8
        double up = (1 + 1) * (2 + 1) * 16 * 8 * 4;           // four 2x2 kernels over the padded 2 x 3 positions
        double resBlock = 2 * (8 * 4 * 4 * 9);                // two 3x3, 4 -> 4 at 8 pixels
        double convOut = 8 * 3 * 4 * 9;
        assertArrayEquals(new double[] {convIn, qkv + multiscale + attention + toOut + glumb, up, resBlock, convOut},
                DcAeFlops.decoderStepMacs(c, 1, 2));
        assertEquals(11664, DcAeFlops.decoderMacs(c, 1, 2));
        assertEquals(DcAeDecoder.stepParts(c).size(), DcAeFlops.decoderStepMacs(c, 1, 2).length);
        // 8 pixels > head dim 4: the linear path, (v k^T) q plus the normaliser
        double linear = 4 * (2 * 4 * 4 * 8 + 4 * 8);
        double quadratic = 4 * (2 * 8 * 8 * 4);
        double[] wide = DcAeFlops.decoderStepMacs(c, 1, 8);
        assertEquals(linear, wide[1] - 4 * (qkv + multiscale + toOut + glumb), 1e-9);
        assertTrue(linear < quadratic);
    }

    @Test
    void liteLayoutByHand() {
        DcAeConfig c = twoStages("\"ResBlock\"", "[0, 1]", "[[], []]", "pixel_shuffle");
        assertArrayEquals(new double[] {2 * 8 * 4 * 9, 2 * (2 * 8 * 8 * 9), 2 * 12 * 8 * 9},
                DcAeFlops.decoderStepMacs(c, 1, 2));
    }

    /** The 0.92 T (src/bench/results/2026-11-readme-performance.md) multiply-adds for the full decoder at 512^2, and Lite beside it. */
    @Test
    void realDecodersAt512() throws Exception {
        DcAeConfig full = DcAeConfig.fromJson(ModelCatalog.bundled().require("dc-ae-f32c32-sana-1.1").config()
                .toString());
        DcAeConfig lite = DcAeConfig.fromJson(ModelCatalog.bundled().require("dc-ae-lite-f32c32-sana-1.1").config()
                .toString());
        double fullMacs = DcAeFlops.decoderMacs(full, 16, 16);
        assertEquals(0.92e12, fullMacs, 0.02e12);
        assertEquals(4, DcAeFlops.decoderMacs(full, 32, 32) / fullMacs, 0.05, "the pixel count sets the work");
        assertTrue(DcAeFlops.decoderMacs(lite, 16, 16) > 0.8 * fullMacs, "Lite saves memory traffic, not arithmetic");
    }
}
