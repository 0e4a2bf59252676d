package io.github.nitfiji.family.tim;

import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.tim.TimT2iConfig;
import io.github.nitfiji.pipeline.MemoryPlan;
import java.util.Map;

/**
 * Memory of a text-to-image request, estimated before anything loads. The three phases run one
 * after another and each frees its model before the next loads, so the peak is the largest phase,
 * not the sum: (1) Gemma encodes the prompts and the null caption, then is closed (Gemma-3-1B:
 * about 4.0 GB in FP32, 2.0 GB with FP16-held weights); (2) TiM-T2I samples with the captions'
 * keys and values prepared once (3.5 GB of weights in FP32, 1.7 GB in FP16, plus one block's
 * temporaries); (3) the decoder decodes one image at a time.
 */
public final class TextToImageMemory {
    private static final int HIDDEN_MAPS = 12;
    private static final int MLP_MAPS = 4;

    private TextToImageMemory() {
    }

    /** Phase 1: Gemma's weights in {@code precision} plus the activations of one caption of {@code tokens}. */
    public static long textEncoderBytes(GemmaConfig g, DataType precision, int tokens) {
        long weights = g.parameterCount() * precision.getNumOfBytes();
        long s = tokens;
        long perLayer = s * (4L * g.hiddenSize + 3L * g.heads * g.headDim + 3L * g.intermediateSize)
                + 2L * g.heads * s * s;
        return weights + perLayer * Float.BYTES;
    }

    /**
     * Phase 2: TiM-T2I's weights, the caption keys/values of {@code images} prompts plus the null
     * caption, and one block's temporaries for the guided batch of 2 x images.
     */
    public static long transformerBytes(TimT2iConfig c, DataType precision, AttentionKind attention, int images,
                                        LatentSize size, int captionTokens) {
        long bytes = precision.getNumOfBytes();
        long weights = parameters(c.expectedShapes()) * bytes;
        long captions = (long) (images + 1) * captionTokens;
        long keysValues = 2L * c.depth * captions * c.hiddenSize * bytes + captions * 4L * c.hiddenSize * bytes;
        long tokens = 2L * images * size.tokens();
        long maps = tokens * (HIDDEN_MAPS * (long) c.hiddenSize + MLP_MAPS * (long) c.mlpHidden()) * bytes;
        long selfScores = attention == AttentionKind.EAGER
                ? 2L * tokens * c.numHeads * size.tokens() * bytes : 0;
        long crossScores = 2L * tokens * c.numHeads * captionTokens * bytes;
        return weights + keysValues + maps + selfScores + crossScores;
    }

    /** The peak: the largest of the three phases, which never hold their models at the same time. */
    public static long peakBytes(long textBytes, long transformerBytes, long decodeBytes) {
        return Math.max(textBytes, Math.max(transformerBytes, decodeBytes));
    }

    /**
     * Throws {@link MemoryPlan.MemoryBudgetException} naming the phase that does not fit and what
     * to change, when the peak exceeds {@code budgetBytes}.
     */
    public static void check(long textBytes, long transformerBytes, long decodeBytes, long budgetBytes,
                             DataType precision) throws MemoryPlan.MemoryBudgetException {
        long peak = peakBytes(textBytes, transformerBytes, decodeBytes);
        if (peak <= budgetBytes) {
            return;
        }
        String phase = peak == textBytes ? "encoding the prompts with Gemma"
                : peak == transformerBytes ? "sampling with TiM-T2I" : "decoding the latent";
        StringBuilder m = new StringBuilder(String.format("this text-to-image request needs about %.1f GB of memory "
                + "(for %s), above the budget of %.1f GB. Text encoding %.1f GB, sampling %.1f GB and decoding "
                + "%.1f GB run one after another.", peak / 1e9, phase, budgetBytes / 1e9, textBytes / 1e9,
                transformerBytes / 1e9, decodeBytes / 1e9));
        if (precision == DataType.FLOAT32) {
            m.append(" FP16 weights (--precision fp16) halve both models: Gemma-3-1B 2.0 GB instead of 4.0 GB,"
                    + " TiM-T2I 1.7 GB instead of 3.5 GB.");
        }
        if (peak == transformerBytes) {
            m.append(" Fewer images per request, a smaller size or fused attention lower the sampling part.");
        }
        throw new MemoryPlan.MemoryBudgetException(m.toString());
    }

    private static long parameters(Map<String, long[]> shapes) {
        long n = 0;
        for (long[] shape : shapes.values()) {
            long size = 1;
            for (long s : shape) {
                size *= s;
            }
            n += size;
        }
        return n;
    }
}
