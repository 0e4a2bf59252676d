package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.dcae.DcAeStages.BlockType;

/**
 * A conservative estimate of the memory an untiled decode needs, to choose between decoding in
 * one piece and {@link TiledDecoder}.
 *
 * <p>Decoding runs one step (block) at a time and frees each step's temporaries when it ends
 * ({@code Scoped.step}), so the peak is set by the most expensive single step. For each step we take
 * its largest map, in elements:
 * <ul>
 * <li>ResBlock at stage i: C_i x H_i x W_i (stage i is at 2^-i of the image size);</li>
 * <li>up block into stage i: C_(i+1) x H_i x W_i, the nearest-upsampled input of its conv;</li>
 * <li>EfficientViT block at stage i: 8 C_i x H_i x W_i, the GLUMBConv expansion;</li>
 * <li>head: C_0 x H x W (a decoder without blocks at full size, DC-AE-Lite, has none there: its
 * output conv makes 4 x 3 channels at half size).</li>
 * </ul>
 * and charge {@value #LIVE_MAPS} maps of that size at 4 bytes per element:
 * a step holds its input, one or two temporaries of the same size and the output, RMSNorm adds a
 * float32 copy, its squares and the normalised result (which is why FLOAT16 gets no discount:
 * its norms run in float32), and the CPU convolution may reorder its input and output into blocked
 * layouts. Measured as the growth of peak RSS over one first decode on the CPU build (2 cores,
 * Nov 2026): sana f32c32 FLOAT32 256^2 347 MB = 5.2 largest maps, 512^2 998 MB = 3.7; tiny golden
 * model 1024^2 357 MB = 5.3, 2048^2 1116 MB = 4.2, FLOAT16 2048^2 1507 MB = 5.6; and sana FLOAT32
 * 2048^2 about 10.5 GB = 2.5 largest maps (12.5 GB peak resident for the whole process). Fixed
 * costs such as kernel set-up weigh more at small sizes, where the absolute amounts are small; at
 * the sizes where the budget matters, {@value #LIVE_MAPS} maps over-estimate by about 1.6x (sana
 * 2048^2: 17.2 GB estimated). GPU convolution workspaces were not measured. The
 * decoded image ({@code 3 x H x W x 4} bytes) is added, as it outlives the last step. Weights are
 * counted separately ({@link #weightBytes}) because they stay resident between decodes.
 */
public final class DecodeMemoryEstimate {
    /** Largest-map copies charged per step; see the class comment. */
    static final int LIVE_MAPS = 4;

    private static final int GLUMB_EXPANSION = 8;

    private DecodeMemoryEstimate() {
    }

    /** Bytes of working memory an untiled decode of a [batch, C, latentH, latentW] latent needs at its peak. */
    public static long activationBytes(DcAeConfig config, int batch, int latentH, int latentW) {
        return activationBytes(config.decoder(), config.inChannels(), batch, latentH, latentW);
    }

    /**
     * The same estimate for either half: the encoder's stages mirror the decoder's (the same
     * maps, visited in the opposite order), so one formula serves both.
     */
    static long activationBytes(DcAeStages stages, int imageChannels, int batch, int latentH, int latentW) {
        int n = stages.count();
        long largest = (long) stages.deepestChannels() * latentH * latentW;
        for (int i = 0; i < n; i++) {
            long pixels = (long) latentH * latentW << 2 * (n - 1 - i);
            if (stages.layers(i) == 0) {
                // DC-AE-Lite's full size: only the output conv's 4 x image channels, at half size
                largest = Math.max(largest, 4L * imageChannels * pixels / 4);
                continue;
            }
            long map = stages.blockType(i) == BlockType.EFFICIENT_VIT_BLOCK
                    ? (long) GLUMB_EXPANSION * stages.channels(i) * pixels
                    : (long) stages.channels(i) * pixels;
            largest = Math.max(largest, map);
            if (i < n - 1) {
                largest = Math.max(largest, (long) stages.channels(i + 1) * pixels);
            }
        }
        long image = (long) imageChannels * latentH * latentW << 2 * (n - 1);
        return batch * (LIVE_MAPS * largest * Float.BYTES + image * Float.BYTES);
    }

    /** Bytes the decoder's weights occupy on the device in {@code precision}. */
    public static long weightBytes(DcAeConfig config, DataType precision) {
        return DecoderParameters.count(config) * precision.getNumOfBytes();
    }

    /** Whether an untiled decode of this latent fits in {@code budgetBytes} of working memory. */
    public static boolean fits(DcAeConfig config, int batch, int latentH, int latentW, long budgetBytes) {
        return activationBytes(config, batch, latentH, latentW) <= budgetBytes;
    }
}
