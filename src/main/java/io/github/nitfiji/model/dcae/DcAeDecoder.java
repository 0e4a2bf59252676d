package io.github.nitfiji.model.dcae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.Scoped;
import io.github.nitfiji.model.WeightBinder;
import io.github.nitfiji.model.WeightsMismatchException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The decoder half of a diffusers {@code AutoencoderDC} (the SANA DC-AEs and DC-AE-Lite, see
 * {@link DcAeConfig}): latent [B, latentC, h, w] to image [B, 3, 32h, 32w] in about [-1, 1]. Bound
 * to the diffusers state-dict keys ({@code decoder.conv_in}, {@code decoder.up_blocks.<stage>.<n>},
 * {@code decoder.norm_out}, {@code decoder.conv_out}, which is {@code decoder.conv_out.conv} when
 * the decoder has no blocks at full size).
 *
 * <p>Owns its weights (on one device, in FLOAT32 or FLOAT16) until {@link #close()}. In FLOAT16,
 * convolutions and linears run in half precision while RMSNorm statistics and attention run in
 * float32, as in diffusers; with bfloat16 convolutions (FLOAT32, CPU) the dense convolutions run in
 * bfloat16 and everything else in float32. The output is always float32.
 */
public final class DcAeDecoder implements AutoCloseable {
    private static final String PREFIX = "decoder.";

    private final DcAeConfig config;
    private final DcAeNetwork network;

    private DcAeDecoder(DcAeConfig config, DcAeNetwork network) {
        this.config = config;
        this.network = network;
    }

    /**
     * Loads the decoder tensors of a diffusers checkpoint. Every expected tensor is checked
     * first; all missing, mis-shaped or unexpected ones are reported in one
     * {@link WeightsMismatchException}.
     */
    public static DcAeDecoder load(DcAeConfig config, SafetensorsFile weights, Device device, DataType precision)
            throws IOException {
        return new DcAeDecoder(config, DcAeNetwork.load(new SafetensorsWeights(weights), PREFIX, describe(config),
                layersOf(config), device, precision));
    }

    /**
     * As {@link #load(DcAeConfig, SafetensorsFile, Device, DataType)}; with {@code bf16Convolutions}
     * (float32 only, for CPUs with AVX512-BF16 / AMX) the dense convolutions run in bfloat16, the
     * norms, attention and depthwise convolutions in float32.
     */
    public static DcAeDecoder load(DcAeConfig config, SafetensorsFile weights, Device device, DataType precision,
                                   boolean bf16Convolutions) throws IOException {
        return new DcAeDecoder(config, DcAeNetwork.load(new SafetensorsWeights(weights), PREFIX, describe(config),
                layersOf(config), device, precision, bf16Convolutions));
    }

    /** Binds to arrays keyed like the checkpoint; the arrays stay the caller's (they are copied). */
    public static DcAeDecoder fromArrays(DcAeConfig config, Map<String, NDArray> weights, Device device,
                                         DataType precision) throws WeightsMismatchException {
        return new DcAeDecoder(config, DcAeNetwork.fromArrays(weights, PREFIX, describe(config), layersOf(config),
                device, precision));
    }

    /** Seeded random weights of the right shapes, for benchmarks and memory measurements. */
    public static DcAeDecoder random(DcAeConfig config, Device device, DataType precision, long seed) {
        return random(config, device, precision, seed, false);
    }

    /** As {@link #random(DcAeConfig, Device, DataType, long)}, with bfloat16 dense convolutions when asked. */
    public static DcAeDecoder random(DcAeConfig config, Device device, DataType precision, long seed,
                                     boolean bf16Convolutions) {
        return new DcAeDecoder(config, DcAeNetwork.random(layersOf(config), device, precision, seed,
                bf16Convolutions));
    }

    private static String describe(DcAeConfig config) {
        return "the DC-AE decoder of " + config;
    }

    /** Every tensor the decoder reads (with the {@code decoder.} prefix) and its shape, without loading anything. */
    public static Map<String, long[]> expectedShapes(DcAeConfig config) {
        return DcAeNetwork.shapes(layersOf(config));
    }

    /** The decoder's layers, for binding to weights (or to a dry run that collects their shapes). */
    static DcAeNetwork.Layers layersOf(DcAeConfig config) {
        return (w, normEps, attentionEps) -> layers(config, w, normEps, attentionEps);
    }

    /** The forward pass as a list of steps, lowest resolution first, each bound to its keys. */
    static List<Block> layers(DcAeConfig config, WeightBinder w, NDArray normEps, NDArray attentionEps) {
        DcAeStages stages = config.decoder();
        int n = stages.count();
        int latent = config.latentChannels();
        List<Block> steps = new ArrayList<>();

        ConvLayer convIn = ConvLayer.conv(w, PREFIX + "conv_in", latent, stages.deepestChannels(), 3, 1, 1, true);
        int repeats = stages.deepestChannels() / latent;
        steps.add(z -> {
            // channels-last from the latent on (cheap at its size): every stage then runs channels-last
            try (NDArray shortcut = ChannelGroups.repeatInterleave(z, repeats);
                 NDArray nhwc = ChannelsLast.copyOf(z)) {
                return convIn.apply(nhwc).addi(shortcut);
            }
        });

        for (int i = n - 1; i >= 0; i--) {
            if (stages.layers(i) == 0) {
                continue; // DC-AE-Lite's full size: no blocks, the output conv up-samples instead
            }
            String stage = PREFIX + "up_blocks." + i + ".";
            int first = 0;
            if (i < n - 1) {
                steps.add(upBlock(config, w, stage + "0", stages.channels(i + 1), stages.channels(i), true));
                first = 1;
            }
            for (int b = 0; b < stages.layers(i); b++) {
                steps.add(Block.ofType(stages.blockType(i), w, stage + (first + b), stages.channels(i),
                        config.attentionHeadDim(), stages.qkvMultiscales(i), normEps, attentionEps));
            }
        }

        boolean fullSize = config.decoderHasFullSizeStage();
        int headChannels = stages.channels(fullSize ? 0 : 1);
        RmsNorm normOut = RmsNorm.bind(w, PREFIX + "norm_out", headChannels, normEps);
        Block convOut = fullSize
                ? ConvLayer.conv(w, PREFIX + "conv_out", headChannels, config.inChannels(), 3, 1, 1, true)::apply
                : upBlock(config, w, PREFIX + "conv_out", headChannels, config.inChannels(), false);
        boolean silu = config.outputActivation() == DcAeConfig.OutputActivation.SILU;
        steps.add(x -> {
            NDArray h = normOut.apply(x);
            h = silu ? Activations.siluInPlace(h) : Scoped.consume(h, a -> a.getNDArrayInternal().relu());
            // the up-sampling leaves maps channels-last in memory: hand back the usual layout
            return Scoped.consume(Scoped.consume(h, convOut::forward), ChannelsLast::contiguous);
        });
        return steps;
    }

    /** A 2x up block of the config's kind; without shortcut it is the output conv of a decoder without stage 0. */
    private static Block upBlock(DcAeConfig config, WeightBinder w, String key, int in, int out, boolean shortcut) {
        if (config.upsampling() == DcAeConfig.Upsampling.PIXEL_SHUFFLE) {
            return new PixelShuffleUpBlock(w, key, in, out, shortcut);
        }
        return new UpBlock(w, key, in, out); // the config allows no interpolating output conv
    }

    /**
     * The part of the decoder each step of {@link #decodeProfiled} belongs to, in order: "conv_in",
     * "up-sampling into stage i", "stage i (1/2^i size, C ch, n x Block)", "norm_out + conv_out".
     */
    public static List<String> stepParts(DcAeConfig config) {
        DcAeStages stages = config.decoder();
        List<String> parts = new ArrayList<>();
        parts.add("conv_in");
        int n = stages.count();
        for (int i = n - 1; i >= 0; i--) {
            if (stages.layers(i) == 0) {
                continue;
            }
            String stage = "stage " + i + " (1/" + (1 << i) + " size, " + stages.channels(i) + " ch, "
                    + stages.layers(i) + " x " + stages.blockType(i).configName() + ")";
            if (i < n - 1) {
                parts.add("up-sampling into stage " + i);
            }
            for (int b = 0; b < stages.layers(i); b++) {
                parts.add(stage);
            }
        }
        parts.add(config.decoderHasFullSizeStage() ? "norm_out + conv_out" : "norm_out + conv_out (up-sampling)");
        return parts;
    }

    /**
     * Decodes latents that are already divided by the scaling factor (what diffusers' {@code _decode}
     * receives). {@code z} is not modified or closed; it may live on any device.
     *
     * @param z latent [B, latentChannels, h, w]
     * @param resultManager owns the returned array, which is on its device
     * @return float32 image [B, inChannels, 32h, 32w]
     */
    public NDArray decode(NDArray z, NDManager resultManager) {
        checkLatent(config, z.getShape());
        return network.run(z, resultManager);
    }

    /**
     * As {@link #decode(NDArray, NDManager)}, reporting the wall time of each step in order:
     * conv_in, then per stage from the deepest (latent) one up, its up-sampling block (all but the
     * deepest stage) and its residual blocks, then norm_out with conv_out. Each step waits for the
     * device, so this is for profiling only.
     */
    public NDArray decodeProfiled(NDArray z, NDManager resultManager, DoubleConsumer stepMillis) {
        checkLatent(config, z.getShape());
        return network.run(z, resultManager, stepMillis);
    }

    /** The same as {@code decode(z, z.getManager())}: the result is owned by z's manager. */
    public NDArray decode(NDArray z) {
        return decode(z, z.getManager());
    }

    /** Throws IllegalArgumentException unless s is [B, latentChannels, h, w] with B, h, w >= 1. */
    static void checkLatent(DcAeConfig config, Shape s) {
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("latent must be [batch, " + config.latentChannels()
                    + ", height, width], found shape " + s);
        }
        if (s.get(1) != config.latentChannels()) {
            throw new IllegalArgumentException("latent has " + s.get(1) + " channels but this DC-AE decoder expects "
                    + config.latentChannels() + " (shape " + s + ")");
        }
        if (s.get(0) < 1 || s.get(2) < 1 || s.get(3) < 1) {
            throw new IllegalArgumentException("latent shape " + s + " is empty");
        }
    }

    public DcAeConfig config() {
        return config;
    }

    public Device device() {
        return network.device();
    }

    public DataType precision() {
        return network.precision();
    }

    /** Whether the dense convolutions run in bfloat16 (with float32 weights and activations around them). */
    public boolean bf16Convolutions() {
        return network.bf16();
    }

    @Override
    public void close() {
        network.close();
    }
}
