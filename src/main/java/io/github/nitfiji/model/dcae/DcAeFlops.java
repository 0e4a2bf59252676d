package io.github.nitfiji.model.dcae;

import io.github.nitfiji.model.dcae.DcAeStages.BlockType;

/**
 * Multiply-adds of a DC-AE decode, counted from the architecture, per step of
 * {@link DcAeDecoder#decodeProfiled} (the order of {@link DcAeDecoder#stepParts}): every
 * convolution (as we run it: the interpolating up-sampling folded into 2x2 kernels at the input's
 * size, see {@link UpsampledConv}) and every matrix product of the linear attention. Norms,
 * activations, shortcuts and the other element-wise work are not counted: they are memory traffic,
 * not arithmetic (below 1 % of the multiply-adds). One multiply-add is two FLOPs.
 */
public final class DcAeFlops {
    private DcAeFlops() {
    }

    /** Multiply-adds of each decoder step for one latent of h x w pixels. */
    public static double[] decoderStepMacs(DcAeConfig config, int h, int w) {
        DcAeStages s = config.decoder();
        int n = s.count();
        int latent = config.latentChannels();
        java.util.List<Double> steps = new java.util.ArrayList<>();
        steps.add(conv(pixels(h, w, n - 1, n), latent, s.deepestChannels(), 3, 1));
        for (int i = n - 1; i >= 0; i--) {
            if (s.layers(i) == 0) {
                continue;
            }
            double p = pixels(h, w, i, n);
            if (i < n - 1) {
                steps.add(upBlock(config, h, w, i + 1, s.channels(i + 1), s.channels(i)));
            }
            for (int b = 0; b < s.layers(i); b++) {
                steps.add(s.blockType(i) == BlockType.RES_BLOCK ? 2 * conv(p, s.channels(i), s.channels(i), 3, 1)
                        : efficientVit(p, s.channels(i), config.attentionHeadDim(), s.qkvMultiscales(i)));
            }
        }
        if (config.decoderHasFullSizeStage()) {
            steps.add(conv(pixels(h, w, 0, n), s.channels(0), config.inChannels(), 3, 1));
        } else {
            steps.add(upBlock(config, h, w, 1, s.channels(1), config.inChannels()));
        }
        return steps.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The sum of {@link #decoderStepMacs}. */
    public static double decoderMacs(DcAeConfig config, int h, int w) {
        return java.util.Arrays.stream(decoderStepMacs(config, h, w)).sum();
    }

    /** Pixels of stage i (1 / 2^i of the image) for a latent of h x w (stage n - 1). */
    private static double pixels(int h, int w, int stage, int n) {
        return (double) h * w * Math.pow(4, n - 1 - stage);
    }

    private static double conv(double pixels, int in, int out, int kernel, int groups) {
        return pixels * out * ((double) in / groups) * kernel * kernel;
    }

    /** The 2x up-sampling from stage {@code from} (in channels) to out channels, as we compute it. */
    private static double upBlock(DcAeConfig config, int h, int w, int from, int in, int out) {
        int n = config.decoder().count();
        double scale = Math.pow(2, n - 1 - from);
        if (config.upsampling() == DcAeConfig.Upsampling.PIXEL_SHUFFLE) {
            return conv(h * scale * w * scale, in, 4 * out, 3, 1);
        }
        // four 2x2 kernels over the (H+1) x (W+1) positions of the padded input
        return conv((h * scale + 1) * (w * scale + 1), in, 4 * out, 2, 1);
    }

    /** Multiscale linear attention then GLUMBConv (expand 4: 8C after the inverted conv, 4C gated). */
    private static double efficientVit(double p, int c, int headDim, int[] scales) {
        double macs = 3 * conv(p, c, c, 1, 1);
        for (int k : scales) {
            macs += conv(p, 3 * c, 3 * c, k, 3 * c) + conv(p, 3 * c, 3 * c, 1, 3 * c / headDim);
        }
        double heads = (double) c * (1 + scales.length) / headDim;
        double d = headDim;
        macs += p > d
                ? heads * (2 * d * d * p + d * p)  // (v k^T) q and the normaliser k-sum^T q
                : heads * (2 * p * p * d);         // scores k^T q and v scores
        macs += conv(p, c * (1 + scales.length), c, 1, 1);
        macs += conv(p, c, 8 * c, 1, 1) + conv(p, 8 * c, 8 * c, 3, 8 * c) + conv(p, 4 * c, c, 1, 1);
        return macs;
    }
}
