package io.github.nitfiji.pipeline;

import ai.djl.Device;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.runtime.StageDevice;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Loads a {@link Pipeline} for a model selection: the family's stage, then the decoder beside it
 * (the encoder on first use, for image-to-image). On Apple's GPU (mps) a stage that cannot run
 * there is loaded on the CPU instead, with a warning ({@link StageDevice}).
 */
public final class PipelineLoader {
    private PipelineLoader() {
    }

    /**
     * @param decodeBudgetBytes working memory one decode may use before it is tiled
     * @param warn told of fallbacks (another device, the eager executor)
     */
    public static Pipeline load(ModelSelection model, StageOptions options, long decodeBudgetBytes,
                                Consumer<String> warn) throws IOException {
        SamplingStage stage = model.family.load(model, options, warn);
        if (model.decoder == null) {
            return new Pipeline(stage, null, 0, null);
        }
        try {
            DecoderFiles files = model.decoder;
            // bfloat16 kernels are CPU kernels: an mps fallback to the CPU is no reason to turn them on
            DcAeDecoder decoder = StageDevice.load("the DC-AE decoder", options.device, d -> decoder(files, d,
                    options.precision, options.bf16Decoder() && Device.Type.CPU.equals(d.getDeviceType())),
                    PipelineLoader::probe, warn);
            Pipeline.EncoderLoader encoder = () -> {
                try (SafetensorsFile file = SafetensorsFile.open(files.weights)) {
                    return DcAeEncoder.load(config(files, file), file, decoder.device(), options.precision);
                }
            };
            return new Pipeline(stage, decoder, decodeBudgetBytes, encoder);
        } catch (IOException | RuntimeException e) {
            stage.close();
            throw e;
        }
    }

    /** The decoder alone (to compare decoders on the same latents), its convolutions in bfloat16 when asked. */
    public static DcAeDecoder decoder(DecoderFiles files, Device device, ai.djl.ndarray.types.DataType precision,
                                      boolean bf16) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(files.weights)) {
            return DcAeDecoder.load(config(files, file), file, device, precision, bf16);
        }
    }

    private static DcAeConfig config(DecoderFiles files, SafetensorsFile weights) {
        return files.config != null ? files.config : DcAeConfig.fromWeights(weights);
    }

    /** One decode of a one-pixel latent: every operation of the decoder. */
    private static void probe(DcAeDecoder decoder) {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(decoder.device())) {
            decoder.decode(m.zeros(new ai.djl.ndarray.types.Shape(1, decoder.config().latentChannels(), 1, 1)))
                    .toFloatArray();
        }
    }
}
